import { z } from 'zod'
import { LineStringGeometry, LngLat, PolygonGeometry } from './geo'

/** Identifiers are plain tokens so they are safe in URLs, room names and SQL parameters alike. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id is 1-64 letters, digits, "-" or "_"')
export type Id = z.infer<typeof Id>

const Name = z.string().trim().min(1).max(120)

export const Street = z.object({
  id: Id,
  name: Name,
  nameEn: Name,
  district: Name,
  center: LngLat,
  boundary: PolygonGeometry,
})
export type Street = z.infer<typeof Street>

export const Community = z.object({
  id: Id,
  name: Name,
  nameEn: Name,
  stationName: Name,
  boundary: PolygonGeometry,
})
export type Community = z.infer<typeof Community>

export const Grid = z.object({
  id: Id,
  code: z.string().regex(/^\d{2,4}$/, 'a grid code is 2-4 digits'),
  name: Name,
  communityId: Id,
  boundary: PolygonGeometry,
})
export type Grid = z.infer<typeof Grid>

export const RoadKind = z.enum(['main', 'secondary', 'lane'])
export type RoadKind = z.infer<typeof RoadKind>

export const Road = z.object({
  id: Id,
  name: Name,
  kind: RoadKind,
  geometry: LineStringGeometry,
})
export type Road = z.infer<typeof Road>

export const Market = z.object({
  id: Id,
  name: Name,
  location: LngLat,
  gridId: Id,
})
export type Market = z.infer<typeof Market>

export const CameraSite = z.enum(['road', 'junction', 'market', 'community', 'school', 'square'])
export type CameraSite = z.infer<typeof CameraSite>

/**
 * Stream entries name where the relay fetches from. They are server-side only:
 * the browser asks the relay for a camera by id, never by upstream URL.
 */
export const CameraStream = z.object({
  url: z.string().min(1).max(2048),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
})
export type CameraStream = z.infer<typeof CameraStream>

export const Camera = z.object({
  id: Id,
  name: Name,
  gridId: Id,
  communityId: Id,
  roadId: Id.nullable(),
  marketId: Id.nullable(),
  site: CameraSite,
  location: LngLat,
  /** Compass bearing the lens faces, degrees clockwise from north. */
  heading: z.number().min(0).lt(360),
  ptz: z.boolean(),
  mainStream: CameraStream,
  subStream: CameraStream,
})
export type Camera = z.infer<typeof Camera>

/** What the browser may see of a camera: no upstream URLs. */
export const CameraPublic = Camera.omit({ mainStream: true, subStream: true })
export type CameraPublic = z.infer<typeof CameraPublic>

export const Worker = z.object({
  id: Id,
  name: Name,
  gridId: Id,
  role: z.enum(['grid_leader', 'full_time', 'part_time', 'volunteer']),
  terminalId: Id.nullable(),
})
export type Worker = z.infer<typeof Worker>

export const UnitKind = z.enum(['resident', 'listed', 'street_department'])
export type UnitKind = z.infer<typeof UnitKind>

export const Unit = z.object({
  id: Id,
  name: Name,
  nameEn: Name,
  kind: UnitKind,
})
export type Unit = z.infer<typeof Unit>

export const Team = z.object({
  id: Id,
  name: Name,
  communityId: Id,
  /** Service area; a team serves one or more grids of its community. */
  gridIds: z.array(Id).min(1),
  speciality: z.enum(['cleaning', 'repair', 'mediation', 'elderly_care', 'security_patrol', 'greening', 'volunteer']),
  members: z.number().int().positive(),
})
export type Team = z.infer<typeof Team>

export const Terminal = z.object({
  id: Id,
  serial: z.string().regex(/^[A-Z0-9-]{4,32}$/),
  model: Name,
})
export type Terminal = z.infer<typeof Terminal>

export const ClockKind = z.enum(['urgent_hours', 'working_hours', 'working_days', 'natural_days'])
export type ClockKind = z.infer<typeof ClockKind>

export const TimeLimit = z.object({
  kind: ClockKind,
  amount: z.number().positive().max(365),
})
export type TimeLimit = z.infer<typeof TimeLimit>

export const CategoryKind = z.enum(['component', 'event', 'governance', 'service'])
export type CategoryKind = z.infer<typeof CategoryKind>

/** A 小类 with its 大类; codes are kind letter + 大类 two digits + 小类 two digits, e.g. C0101. */
export const Category = z.object({
  code: z.string().regex(/^[CEGS]\d{4}$/, 'a category code is C/E/G/S and four digits'),
  kind: CategoryKind,
  majorCode: z.string().regex(/^\d{2}$/),
  majorName: Name,
  name: Name,
  nameEn: Name,
  timeLimit: TimeLimit,
  urgent: z.boolean(),
  unitId: Id,
  filingCondition: z.string().min(1).max(400),
  closingCondition: z.string().min(1).max(400),
})
export type Category = z.infer<typeof Category>

/** Everything a center imports to describe its territory and organisation. */
export interface ReferenceData {
  street: Street
  communities: Community[]
  grids: Grid[]
  roads: Road[]
  markets: Market[]
  cameras: Camera[]
  workers: Worker[]
  teams: Team[]
  terminals: Terminal[]
  units: Unit[]
  categories: Category[]
}
