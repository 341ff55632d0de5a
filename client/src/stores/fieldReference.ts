import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Category } from '@shared/schemas/reference'
import { referenceApi, type CommunityCollection, type GridCollection, type MapConfig, type Market, type RoadCollection, type StreetCollection } from '../api/reference'
import { fetchCategories } from '../api/caseActions'

/**
 * What the field terminal needs of the reference data: the categories for the report form, and the
 * territory its small maps and address phrases draw on. Every one of these is kept by the service
 * worker (network first), so an offline start has them; the camera registry is not loaded at all.
 */
export const useFieldReferenceStore = defineStore('fieldReference', () => {
  const categories = shallowRef<Category[]>([])
  const street = shallowRef<StreetCollection | null>(null)
  const communities = shallowRef<CommunityCollection | null>(null)
  const grids = shallowRef<GridCollection | null>(null)
  const roads = shallowRef<RoadCollection | null>(null)
  const markets = shallowRef<Market[] | null>(null)
  const mapConfig = shallowRef<MapConfig | null>(null)
  const state = ref<'idle' | 'loading' | 'ready' | 'error'>('idle')

  let loading: Promise<void> | null = null
  function hydrate(): Promise<void> {
    if (state.value === 'ready') return Promise.resolve()
    loading ??= (async () => {
      state.value = 'loading'
      try {
        const [c, s, co, g, r, m, mc] = await Promise.all([
          fetchCategories(),
          referenceApi.street(),
          referenceApi.communities(),
          referenceApi.grids(),
          referenceApi.roads(),
          referenceApi.markets(),
          referenceApi.mapConfig().catch((): MapConfig => ({ styleUrl: null })),
        ])
        categories.value = c.items
        street.value = s
        communities.value = co
        grids.value = g
        roads.value = r
        markets.value = m.items
        mapConfig.value = mc
        state.value = 'ready'
      } catch {
        state.value = 'error'
      } finally {
        loading = null
      }
    })()
    return loading
  }

  return { categories, street, communities, grids, roads, markets, mapConfig, state, hydrate }
})
