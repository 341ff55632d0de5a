import { z } from 'zod'
import { LineStringGeometry, PolygonGeometry, featureCollection } from './geo'
import { CameraPublic, Category, Community, Grid, Market, Road, Street, Team, Unit, Worker } from './reference'

/** Response shapes of the read API, shared so the client parses what the server promises. */
export const StreetCollection = featureCollection(PolygonGeometry, Street.omit({ boundary: true }))
export type StreetCollection = z.infer<typeof StreetCollection>

export const CommunityCollection = featureCollection(PolygonGeometry, Community.omit({ boundary: true }))
export type CommunityCollection = z.infer<typeof CommunityCollection>

export const GridCollection = featureCollection(PolygonGeometry, Grid.omit({ boundary: true }))
export type GridCollection = z.infer<typeof GridCollection>

export const RoadCollection = featureCollection(LineStringGeometry, Road.omit({ geometry: true }))
export type RoadCollection = z.infer<typeof RoadCollection>

/** `preparing`: the source said it will have a picture shortly (HTTP 503 with Retry-After), e.g. a clip still being encoded; not offline. */
export const CameraStatus = z.enum(['online', 'offline', 'stalled', 'preparing', 'unknown'])
export type CameraStatus = z.infer<typeof CameraStatus>

/** Pushed to the wall room when a camera's status changes; the age is null when nothing was read. */
export const CameraStatusChanged = z.object({
  cameraId: z.string(),
  status: CameraStatus,
  newestSegmentAgeMs: z.number().int().min(0).nullable(),
  at: z.iso.datetime(),
})
export type CameraStatusChanged = z.infer<typeof CameraStatusChanged>

export const StreamQuality = z.enum(['sub', 'main'])
export type StreamQuality = z.infer<typeof StreamQuality>

/** A playable relay URL (same origin, relative) and when its signature stops being accepted. */
export const StreamLink = z.object({ url: z.string(), expiresAt: z.iso.datetime() })
export type StreamLink = z.infer<typeof StreamLink>

export const CameraListItem = CameraPublic.extend({ status: CameraStatus })
export type CameraListItem = z.infer<typeof CameraListItem>

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) })

export const CameraList = list(CameraListItem)
export type CameraList = z.infer<typeof CameraList>
export const MarketList = list(Market)
export type MarketList = z.infer<typeof MarketList>
export const CategoryList = list(Category)
export type CategoryList = z.infer<typeof CategoryList>
export const UnitList = list(Unit)
export type UnitList = z.infer<typeof UnitList>
export const TeamList = list(Team)
export type TeamList = z.infer<typeof TeamList>

export const WorkerPage = z.object({
  items: z.array(Worker),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
})
export type WorkerPage = z.infer<typeof WorkerPage>

export const Health = z.object({
  status: z.enum(['ok', 'starting']),
  version: z.string(),
  uptimeSeconds: z.number(),
  reference: z.record(z.string(), z.number()),
})
export type Health = z.infer<typeof Health>

export const MapConfig = z.object({ styleUrl: z.string().nullable() })
export type MapConfig = z.infer<typeof MapConfig>
