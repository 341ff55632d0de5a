import { useI18n } from 'vue-i18n'
import type { Locale } from '../../i18n'
import { useCameraHealthStore } from '../../stores/cameraHealth'
import { useReferenceStore } from '../../stores/reference'
import type { UseGridMapOptions } from './useGridMap'

/**
 * What every grid map of the street draws, from the stores: the territory, the cameras as health
 * sees them, the intranet base style and the language. The wall's map and the desk's share it;
 * each adds its own container and insets. Call inside a component's setup.
 */
export function streetMapInputs(): Pick<UseGridMapOptions, 'data' | 'styleUrl' | 'locale'> {
  const reference = useReferenceStore()
  const health = useCameraHealthStore()
  const { locale } = useI18n()
  return {
    data: () => ({
      street: reference.street,
      communities: reference.communities,
      grids: reference.grids,
      roads: reference.roads,
      markets: reference.markets,
      cameras: health.cameras,
    }),
    // Until the config has answered we do not know the base style; if it failed, draw our own.
    styleUrl: () => {
      const s = reference.resourceState.mapConfig
      if (s === 'idle' || s === 'loading') return undefined
      return reference.mapConfig?.styleUrl ?? null
    },
    locale: () => locale.value as Locale,
  }
}
