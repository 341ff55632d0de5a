import type { GeoJSONSource, LayerSpecification, Map as MaplibreMap } from 'maplibre-gl'
import type { CameraStatus } from '../../api/reference'
import { diffPointFeatures, indexFeatures, type IdPointFeature } from './featureDiff'
import { buildLiveSources } from './liveLayers'
import { buildSourceData, buildSources, SOURCE_IDS, type SourceId, type WallMapData } from './mapStyle'

/** Which API collections each source is built from, to re-send only the sources whose input changed. */
const SOURCE_INPUTS: Record<SourceId, (d: WallMapData) => unknown[]> = {
  [SOURCE_IDS.mask]: (d) => [d.street],
  [SOURCE_IDS.street]: (d) => [d.street],
  [SOURCE_IDS.communities]: (d) => [d.communities],
  [SOURCE_IDS.communityLabels]: (d) => [d.communities],
  [SOURCE_IDS.grids]: (d) => [d.grids, d.communities],
  [SOURCE_IDS.gridLabels]: (d) => [d.grids],
  [SOURCE_IDS.roads]: (d) => [d.roads],
  [SOURCE_IDS.markets]: (d) => [d.markets],
  [SOURCE_IDS.cameras]: (d) => [d.cameras],
}
const SOURCE_LIST = Object.keys(SOURCE_INPUTS) as SourceId[]

/**
 * What the map's sources were last sent: the API collections each was built from, and the camera
 * features, so new data re-sends only the sources whose input changed and a camera's status goes
 * as a diff rather than the whole fleet. One per map instance; `clear()` when the map goes.
 */
export function createSourceFeeder() {
  const sentInputs = new Map<SourceId, unknown[]>()
  let sentCameras = new Map<string, IdPointFeature>()

  /** Adds every source (ours and the live ones) and then the layers, on a freshly loaded style. */
  function install(instance: MaplibreMap, data: WallMapData, scale: number, layers: LayerSpecification[]): void {
    const sources = buildSources(data)
    for (const [id, spec] of Object.entries(sources)) instance.addSource(id, spec)
    for (const [id, spec] of Object.entries(buildLiveSources(scale))) instance.addSource(id, spec)
    for (const layer of layers) instance.addLayer(layer)
    sentCameras = indexFeatures(camerasOf(sources[SOURCE_IDS.cameras].data))
    sentInputs.clear()
    for (const id of SOURCE_LIST) sentInputs.set(id, SOURCE_INPUTS[id](data))
  }

  /** Sends what changed since the last call; the promises settle when MapLibre has taken it. */
  function send(instance: MaplibreMap, data: WallMapData): Promise<void>[] {
    const geojson = buildSourceData(data)
    const updates: Promise<void>[] = []
    for (const id of SOURCE_LIST) {
      const inputs = SOURCE_INPUTS[id](data)
      const previous = sentInputs.get(id)
      if (previous && previous.every((v, i) => v === inputs[i])) continue
      sentInputs.set(id, inputs)
      const source = instance.getSource<GeoJSONSource>(id)
      if (!source) continue
      if (id === SOURCE_IDS.cameras) {
        // Statuses change all day (camera:status); the fleet itself almost never: send what changed.
        const next = camerasOf(geojson[id])
        const diff = diffPointFeatures(sentCameras, next)
        sentCameras = indexFeatures(next)
        if (diff) updates.push(source.updateData(diff))
      } else updates.push(source.setData(geojson[id]))
    }
    return updates
  }

  /** The status the camera source holds for a camera (what the map shows), or null. */
  function cameraStatus(cameraId: string): CameraStatus | null {
    return (sentCameras.get(cameraId)?.properties['status'] as CameraStatus | undefined) ?? null
  }

  function clear(): void {
    sentInputs.clear()
    sentCameras = new Map()
  }

  return { install, send, cameraStatus, clear }
}

/** The camera source's features, typed as the diff wants them (buildSourceData gives each an `id`). */
function camerasOf(data: unknown): IdPointFeature[] {
  const fc = data as { features?: IdPointFeature[] } | null
  return fc?.features ?? []
}
