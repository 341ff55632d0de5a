import type { Feature, Point } from 'geojson'
import type { GeoJSONFeatureDiff, GeoJSONSourceDiff } from 'maplibre-gl'

/** A point feature whose `properties.id` is its id (the sources promote it) and whose values are flat. */
export type IdPointFeature<P extends { id: string } = { id: string } & Record<string, string | number | boolean | null>> = Feature<Point, P>

/**
 * What changed between the features a source holds and the ones it should hold, as a MapLibre diff:
 * ids gone are removed, new ids added, and for the rest only a moved point or the properties whose
 * value changed are sent. Null when nothing changed, so the caller can skip the source entirely.
 */
export function diffPointFeatures<P extends { id: string }>(
  previous: ReadonlyMap<string, IdPointFeature<P>>,
  next: Iterable<IdPointFeature<P>>,
): GeoJSONSourceDiff | null {
  const seen = new Set<string>()
  const add: IdPointFeature<P>[] = []
  const update: GeoJSONFeatureDiff[] = []
  for (const feature of next) {
    const id = feature.properties.id
    if (seen.has(id)) continue
    seen.add(id)
    const before = previous.get(id)
    if (!before) {
      add.push(feature)
      continue
    }
    if (before === feature) continue
    const change = featureChange(before, feature)
    if (change) update.push(change)
  }
  const remove = [...previous.keys()].filter((id) => !seen.has(id))
  if (add.length === 0 && update.length === 0 && remove.length === 0) return null
  const diff: GeoJSONSourceDiff = {}
  if (remove.length) diff.remove = remove
  if (add.length) diff.add = add
  if (update.length) diff.update = update
  return diff
}

function featureChange<P extends { id: string }>(before: IdPointFeature<P>, after: IdPointFeature<P>): GeoJSONFeatureDiff | null {
  const change: GeoJSONFeatureDiff = { id: after.properties.id }
  const [x0, y0] = before.geometry.coordinates
  const [x1, y1] = after.geometry.coordinates
  if (x0 !== x1 || y0 !== y1) change.newGeometry = after.geometry
  const was = before.properties as Record<string, unknown>
  const now = after.properties as Record<string, unknown>
  const set = Object.keys(now)
    .filter((key) => !Object.is(was[key], now[key]))
    .map((key) => ({ key, value: now[key] }))
  const gone = Object.keys(was).filter((key) => !(key in now))
  if (set.length) change.addOrUpdateProperties = set
  if (gone.length) change.removeProperties = gone
  return change.newGeometry || set.length || gone.length ? change : null
}

/** The features keyed by id, the form `diffPointFeatures` compares against next time. */
export function indexFeatures<P extends { id: string }>(features: Iterable<IdPointFeature<P>>): Map<string, IdPointFeature<P>> {
  const index = new Map<string, IdPointFeature<P>>()
  for (const f of features) if (!index.has(f.properties.id)) index.set(f.properties.id, f)
  return index
}
