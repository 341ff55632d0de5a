import type { Map as MaplibreMap } from 'maplibre-gl'
import { z } from 'zod'

/**
 * Each desk user's own map viewport (issue 14, "a desk is not the wall"): where this operator last
 * took the desk's map, kept in this browser per account, so the next shift at the same desk and the
 * operator's own return both open where they work. Only a person's pan or zoom is kept; the map's
 * own fits to the street are not, and 全街道 forgets the kept view.
 */
export const DeskMapView = z.object({
  center: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  zoom: z.number().min(0).max(24),
})
export type DeskMapView = z.infer<typeof DeskMapView>

export const deskMapViewKey = (userId: string) => `desk-map-view:${userId}`

/** A stored view, or null when none is kept or what is kept is damaged. */
export function readDeskMapView(storage: Pick<Storage, 'getItem'>, userId: string): DeskMapView | null {
  try {
    const parsed = DeskMapView.safeParse(JSON.parse(storage.getItem(deskMapViewKey(userId)) ?? 'null'))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function writeDeskMapView(storage: Pick<Storage, 'setItem' | 'removeItem'>, userId: string, view: DeskMapView | null): void {
  try {
    if (view) storage.setItem(deskMapViewKey(userId), JSON.stringify(view))
    else storage.removeItem(deskMapViewKey(userId))
  } catch {
    // A full or disabled storage only costs the kept view.
  }
}

/** Restores the user's view once the map is drawn, and keeps every later pan or zoom they make. */
export function keepDeskMapView(map: MaplibreMap, userId: string, storage: Storage = window.localStorage): () => void {
  const kept = readDeskMapView(storage, userId)
  if (kept) map.jumpTo({ center: kept.center, zoom: kept.zoom })
  // MapLibre's move events do not always carry the person's input (an eased wheel zoom has none), so
  // the person's own input on the map marks the next movement as theirs.
  let byPerson = false
  const onInput = () => void (byPerson = true)
  const onMoveEnd = () => {
    if (!byPerson || map.isMoving()) return
    byPerson = false
    const c = map.getCenter()
    writeDeskMapView(storage, userId, { center: [c.lng, c.lat], zoom: map.getZoom() })
  }
  const surface = map.getCanvasContainer()
  const inputs = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const
  for (const type of inputs) surface.addEventListener(type, onInput, { passive: true })
  map.on('moveend', onMoveEnd)
  return () => {
    for (const type of inputs) surface.removeEventListener(type, onInput)
    map.off('moveend', onMoveEnd)
  }
}
