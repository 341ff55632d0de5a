import { CASE_RULES } from '@shared/caseMachine'
import { pointInPolygon } from '@shared/geometry'
import type { Role } from '@shared/roles'
import type { GridCollection } from '@shared/schemas/api'
import type { LngLat } from '@shared/schemas/geo'
import type { Camera } from '@shared/schemas/reference'
import { nearestCameras, type RankedCamera } from '@shared/wall/nearestCameras'

/**
 * The pure part of filing a case from a tile (视频巡查, issue 14 point 8): what a role does after
 * 提交, the default title, the pin's nudges and the grid under it, and which cameras a drawer plays.
 */

/**
 * What 提交 does for a role. Someone who may file (intake, duty chief) files at once: the operator saw
 * the problem on the camera, which is the check 立案 stands for. Someone who may also dispatch (the duty
 * chief) is then offered the suggestion's first candidates; anyone else who may report (a community
 * station, a unit handler) leaves it 待立案 for intake.
 */
export interface FilingPlan {
  file: boolean
  dispatch: boolean
}
export function filingPlan(role: Role): FilingPlan {
  return { file: CASE_RULES.file.roles.includes(role), dispatch: CASE_RULES.dispatch.roles.includes(role) }
}

/** 井盖破损 · 鼓楼东大街 12 号: the category, and the camera that saw it. */
export function filingTitle(categoryName: string, cameraName: string): string {
  return `${categoryName} · ${cameraName}`.slice(0, 200)
}

/** Metres per degree of latitude; a degree of longitude is this times cos(latitude). */
const M_PER_DEG = 111_320
/** One nudge of the pin: a street camera's spot is rarely more than a few tens of metres off. */
export const NUDGE_METERS = 10

/** `p` moved `east` and `north` metres (negative: west, south), at 7 decimals (about 1 cm). */
export function nudged(p: LngLat, east: number, north: number): LngLat {
  const round = (x: number) => Math.round(x * 1e7) / 1e7
  const lat = round(p.lat + north / M_PER_DEG)
  const lng = round(p.lng + east / (M_PER_DEG * Math.cos((p.lat * Math.PI) / 180)))
  return { lng, lat }
}

/** The grid the point lies in, as the server will derive it (its name and code), or null outside every grid. */
export function gridAt(grids: GridCollection | null, p: LngLat): { id: string; code: string; name: string } | null {
  const pt: [number, number] = [p.lng, p.lat]
  const hit = grids?.features.find((f) => pointInPolygon(pt, f.geometry))
  return hit ? { id: hit.properties.id, code: hit.properties.code, name: hit.properties.name } : null
}

/**
 * The cameras a case's drawer plays: up to 4 of the nearest within 500 m (facing the spot first, as the
 * alarm picks them); where fewer than 2 stand that near, the 2 nearest at any distance, so the drawer
 * always shows the surroundings of a case that has any camera at all.
 */
export function drawerCameras(point: LngLat, cameras: readonly Pick<Camera, 'id' | 'location' | 'heading'>[]): RankedCamera[] {
  const at: [number, number] = [point.lng, point.lat]
  const near = nearestCameras(at, cameras, { count: 4 })
  return near.length >= 2 ? near : nearestCameras(at, cameras, { count: 2, maxDistanceMeters: Number.POSITIVE_INFINITY })
}

/** An Idempotency-Key for one filing: the same key on every retry of the same dialog, so a double click files one case. */
export function filingKey(cameraId: string, takenAt: Date, random: () => string = () => crypto.randomUUID()): string {
  return `tile:${cameraId}:${takenAt.getTime()}:${random()}`.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 128)
}
