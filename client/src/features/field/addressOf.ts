import { addressPhrase } from '@shared/rules/addressPhrase'
import type { LngLat } from '@shared/schemas/geo'
import type { Market, RoadCollection } from '../../api/reference'

/**
 * The report's address phrase (鼓楼东大街与新中街交叉口向西约50米) from the nearest road, crossing or
 * market. The rule is shared/rules/addressPhrase.ts; this only hands it the territory the terminal
 * has, and answers '' when nothing is near enough (the worker then types the address).
 */
export function addressOf(point: LngLat, territory: { roads: RoadCollection | null; markets: Market[] | null }): string {
  const roads = (territory.roads?.features ?? []).map((f) => ({ name: f.properties.name, kind: f.properties.kind, geometry: f.geometry }))
  return addressPhrase(point, { roads, markets: territory.markets ?? [] }) ?? ''
}
