import type { WallCamera } from '../../api/reference'

export type GroupKind = 'community' | 'grid' | 'road' | 'market'

export interface CameraGroup {
  /** `community:C01`, `grid:G0101`, …: stable, so a tour can be named after it. */
  id: string
  kind: GroupKind
  name: string
  cameraIds: string[]
}

const KEY: Record<GroupKind, (c: WallCamera) => string | null> = {
  community: (c) => c.communityId,
  grid: (c) => c.gridId,
  road: (c) => c.roadId,
  market: (c) => c.marketId,
}

/**
 * Named camera groups for tours: every community, grid, road and market with its cameras, in
 * camera id order. Groups without a camera are left out: a tour of nothing is not a choice.
 */
export function cameraGroups(cameras: readonly WallCamera[], names: (kind: GroupKind, id: string) => string): CameraGroup[] {
  const groups: CameraGroup[] = []
  for (const kind of Object.keys(KEY) as GroupKind[]) {
    const byKey = new Map<string, string[]>()
    for (const camera of cameras) {
      const key = KEY[kind](camera)
      if (key === null) continue
      const list = byKey.get(key)
      if (list) list.push(camera.id)
      else byKey.set(key, [camera.id])
    }
    for (const [key, ids] of byKey) groups.push({ id: `${kind}:${key}`, kind, name: names(kind, key), cameraIds: ids.sort() })
  }
  return groups.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, 'zh-CN') : 0))
}

/** Cameras whose name, id, road, grid or community matches every word of the query. */
export function searchCameras(cameras: readonly WallCamera[], query: string, names: (kind: GroupKind, id: string) => string): WallCamera[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...cameras]
  return cameras.filter((c) => {
    const text = [c.name, c.id, c.roadId ? names('road', c.roadId) : '', names('grid', c.gridId), names('community', c.communityId), c.marketId ? names('market', c.marketId) : '']
      .join(' ')
      .toLowerCase()
    return words.every((w) => text.includes(w))
  })
}
