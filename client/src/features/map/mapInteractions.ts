import type { Position } from 'geojson'
import type { GeoJSONSource, MapGeoJSONFeature, MapMouseEvent, Map as MaplibreMap, PointLike } from 'maplibre-gl'
import type { WallCommand } from '@shared/wall/wallState'
import type { WallCamera } from '../../api/reference'
import { installBoxSelect } from './boxSelect'
import { installCameraDrag } from './cameraDragToTile'
import { camerasInArea, camerasOfGrid } from './cameraSelection'
import type { CasePopupController } from './casePopupController'
import { LIVE_LAYER_IDS, LIVE_SOURCE_IDS } from './liveLayers'
import { LAYER_IDS } from './mapStyle'
import { WORKER_LAYER_ID } from './workerLayer'

export interface MapInteractionDeps {
  scale(): number
  cameras(): readonly WallCamera[]
  /** The wall tile a clicked camera goes to. */
  selectedTile(): number
  command(cmd: WallCommand): void
  popup: CasePopupController
  dragLabel(cameraName: string, tile: number | null): string
}

type Hit = { kind: 'case' | 'worker' | 'cluster' | 'camera'; feature: MapGeoJSONFeature }

/** What a press picks when several things lie under it: the smaller and more urgent thing wins. */
const HIT_ORDER: { layer: string; kind: Hit['kind'] }[] = [
  { layer: LIVE_LAYER_IDS.cases, kind: 'case' },
  // A field worker opens their own popup (workerLayer.ts); the click must not fall through to the grid.
  { layer: WORKER_LAYER_ID, kind: 'worker' },
  { layer: LIVE_LAYER_IDS.clusters, kind: 'cluster' },
  { layer: LAYER_IDS.cameras, kind: 'camera' },
]

/**
 * The dispatcher's gestures on the map, installed only for someone who may control the wall (a wall
 * display gets none of them, not even a pointer cursor). Click a case: its popup. Click a
 * cluster: zoom in. Click or drag a camera: onto the selected tile, or the tile it is dropped on.
 * Click a grid: its cameras fill the wall. Shift+drag a box: the cameras inside fill the wall.
 */
export function installMapInteractions(map: MaplibreMap, deps: MapInteractionDeps): () => void {
  const hitAt = (point: [number, number]): Hit | null => {
    // Markers are a few pixels wide on a wall; a small box around the pointer forgives a near miss.
    const r = 5 * deps.scale()
    const box: [PointLike, PointLike] = [
      [point[0] - r, point[1] - r],
      [point[0] + r, point[1] + r],
    ]
    const layers = HIT_ORDER.map((h) => h.layer).filter((id) => map.getLayer(id))
    const features = map.queryRenderedFeatures(box, { layers })
    for (const { layer, kind } of HIT_ORDER) {
      const feature = features.find((f) => f.layer.id === layer)
      if (feature) return { kind, feature }
    }
    return null
  }
  const gridAt = (point: [number, number]): string | null => {
    const [grid] = map.queryRenderedFeatures(point, { layers: [LAYER_IDS.gridFill] })
    const id = grid?.properties['id']
    return typeof id === 'string' ? id : null
  }
  const idOf = (feature: MapGeoJSONFeature): string | null => {
    const id = feature.properties['id']
    return typeof id === 'string' ? id : null
  }

  function fill(cameraIds: string[]): void {
    if (cameraIds.length > 0) deps.command({ type: 'fillTiles', cameraIds })
  }

  function onClick(event: MapMouseEvent): void {
    const point: [number, number] = [event.point.x, event.point.y]
    const hit = hitAt(point)
    if (hit?.kind === 'case') {
      const id = idOf(hit.feature)
      if (id) deps.popup.open(id)
      return
    }
    deps.popup.close()
    if (hit?.kind === 'worker') return
    if (hit?.kind === 'cluster') {
      void zoomIntoCluster(hit.feature)
      return
    }
    if (hit?.kind === 'camera') {
      const id = idOf(hit.feature)
      if (id) deps.command({ type: 'setTile', tile: deps.selectedTile(), cameraId: id })
      return
    }
    const gridId = gridAt(point)
    if (gridId) fill(camerasOfGrid(deps.cameras(), gridId))
  }

  async function zoomIntoCluster(feature: MapGeoJSONFeature): Promise<void> {
    const clusterId = feature.properties['cluster_id']
    const source = map.getSource<GeoJSONSource>(LIVE_SOURCE_IDS.cases)
    if (typeof clusterId !== 'number' || !source || feature.geometry.type !== 'Point') return
    try {
      const zoom = await source.getClusterExpansionZoom(clusterId)
      map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom: Math.max(zoom, map.getZoom() + 0.5) })
    } catch {
      // The cluster was regrouped by a newer update between the click and the answer: nothing to zoom to.
    }
  }

  // One query per frame at most while the pointer moves: a cursor needs no more.
  let hoverFrame = 0
  let hoverPoint: [number, number] | null = null
  function onMove(event: MapMouseEvent): void {
    hoverPoint = [event.point.x, event.point.y]
    if (hoverFrame) return
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0
      if (!hoverPoint) return
      const interactive = hitAt(hoverPoint) !== null || gridAt(hoverPoint) !== null
      map.getCanvas().style.cursor = interactive ? 'pointer' : ''
    })
  }
  function onLeave(): void {
    hoverPoint = null
    map.getCanvas().style.cursor = ''
  }

  map.on('click', onClick)
  map.on('mousemove', onMove)
  map.on('mouseout', onLeave)
  const uninstallBox = installBoxSelect(map, (ring: Position[]) => fill(camerasInArea(deps.cameras(), ring)))
  const uninstallDrag = installCameraDrag(map, {
    cameraAt(point) {
      const hit = hitAt(point)
      const id = hit?.kind === 'camera' ? idOf(hit.feature) : null
      if (!id) return null
      const name = hit?.feature.properties['name']
      return { id, name: typeof name === 'string' ? name : id }
    },
    label: deps.dragLabel,
    onTap(cameraId) {
      deps.popup.close()
      deps.command({ type: 'setTile', tile: deps.selectedTile(), cameraId })
    },
    onDrop: (tile, cameraId) => deps.command({ type: 'setTile', tile, cameraId }),
  })

  return () => {
    map.off('click', onClick)
    map.off('mousemove', onMove)
    map.off('mouseout', onLeave)
    cancelAnimationFrame(hoverFrame)
    map.getCanvas().style.cursor = ''
    uninstallBox()
    uninstallDrag()
  }
}
