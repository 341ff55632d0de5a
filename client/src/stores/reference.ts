import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiError, isApiError } from '../api/http'
import {
  referenceApi,
  type CommunityCollection,
  type GridCollection,
  type MapConfig,
  type Market,
  type RoadCollection,
  type StreetCollection,
  type WallCamera,
} from '../api/reference'

export type { Market } from '../api/reference'

export const REFERENCE_RESOURCES = ['mapConfig', 'street', 'communities', 'grids', 'roads', 'markets', 'cameras'] as const
export type ReferenceResource = (typeof REFERENCE_RESOURCES)[number]

export type ResourceState = 'idle' | 'loading' | 'ready' | 'error'
/** The store as a whole: ready only when every resource is; error as soon as one has failed and none is still loading. */
export type LoadState = ResourceState

/**
 * The territory the wall draws: street, communities, grids, roads, markets, the camera registry and
 * the map's base style. How each camera is doing lives in the camera health store (cameraHealth.ts). Geometry is large and replaced wholesale, so it sits in shallowRefs: Vue tracks the
 * reference, not the tens of thousands of coordinates inside.
 */
export const useReferenceStore = defineStore('reference', () => {
  const mapConfig = shallowRef<MapConfig | null>(null)
  const street = shallowRef<StreetCollection | null>(null)
  const communities = shallowRef<CommunityCollection | null>(null)
  const grids = shallowRef<GridCollection | null>(null)
  const roads = shallowRef<RoadCollection | null>(null)
  const markets = shallowRef<Market[] | null>(null)
  const cameras = shallowRef<WallCamera[] | null>(null)

  const resourceState = ref<Record<ReferenceResource, ResourceState>>(initialStates())
  const errors = shallowRef<Partial<Record<ReferenceResource, ApiError>>>({})

  const loaders: Record<ReferenceResource, (signal: AbortSignal) => Promise<void>> = {
    mapConfig: async (signal) => void (mapConfig.value = await referenceApi.mapConfig({ signal })),
    street: async (signal) => void (street.value = await referenceApi.street({ signal })),
    communities: async (signal) => void (communities.value = await referenceApi.communities({ signal })),
    grids: async (signal) => void (grids.value = await referenceApi.grids({ signal })),
    roads: async (signal) => void (roads.value = await referenceApi.roads({ signal })),
    markets: async (signal) => void (markets.value = (await referenceApi.markets({ signal })).items),
    cameras: async (signal) => void (cameras.value = (await referenceApi.cameras({ signal })).items),
  }

  const readyCount = computed(() => REFERENCE_RESOURCES.filter((r) => resourceState.value[r] === 'ready').length)
  /** 0..1, for the loading bar. */
  const progress = computed(() => readyCount.value / REFERENCE_RESOURCES.length)
  const loadState = computed<LoadState>(() => {
    const states = REFERENCE_RESOURCES.map((r) => resourceState.value[r])
    if (states.every((s) => s === 'ready')) return 'ready'
    if (states.some((s) => s === 'loading')) return 'loading'
    if (states.some((s) => s === 'error')) return 'error'
    return 'idle'
  })

  let inFlight: Promise<void> | null = null
  let controller: AbortController | null = null

  /**
   * Loads every resource that is not loaded yet, in parallel. Calling it again while it runs joins the
   * same run; calling it after a failure retries only what failed. It never rejects: failures are in
   * `errors` and `resourceState`.
   */
  function hydrate(): Promise<void> {
    if (inFlight) return inFlight
    controller = new AbortController()
    const { signal } = controller
    const pending = REFERENCE_RESOURCES.filter((r) => resourceState.value[r] !== 'ready')
    inFlight = Promise.all(pending.map((r) => load(r, signal))).then(
      () => undefined,
      () => undefined,
    )
    void inFlight.finally(() => {
      inFlight = null
    })
    return inFlight
  }

  async function load(resource: ReferenceResource, signal: AbortSignal): Promise<void> {
    resourceState.value[resource] = 'loading'
    try {
      await loaders[resource](signal)
      if (signal.aborted) return
      resourceState.value[resource] = 'ready'
      if (errors.value[resource]) {
        const next = { ...errors.value }
        delete next[resource]
        errors.value = next
      }
    } catch (cause) {
      if (signal.aborted) return
      resourceState.value[resource] = 'error'
      errors.value = { ...errors.value, [resource]: toApiError(cause, resource) }
    }
  }

  /** Drops everything (e.g. on logout or before a full reload) and cancels a running hydrate. */
  function dehydrate(): void {
    controller?.abort()
    controller = null
    inFlight = null
    mapConfig.value = null
    street.value = null
    communities.value = null
    grids.value = null
    roads.value = null
    markets.value = null
    cameras.value = null
    resourceState.value = initialStates()
    errors.value = {}
  }

  return {
    mapConfig,
    street,
    communities,
    grids,
    roads,
    markets,
    cameras,
    resourceState,
    errors,
    progress,
    loadState,
    hydrate,
    dehydrate,
  }
})

function initialStates(): Record<ReferenceResource, ResourceState> {
  return Object.fromEntries(REFERENCE_RESOURCES.map((r) => [r, 'idle'])) as Record<ReferenceResource, ResourceState>
}

function toApiError(cause: unknown, resource: ReferenceResource): ApiError {
  if (isApiError(cause)) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('BAD_RESPONSE', `loading ${resource} failed: ${message}`, 0, resource)
}
