import { computed } from 'vue'
import { useReferenceStore } from '../../stores/reference'
import type { GroupKind } from './cameraGroups'

/** Names of communities, grids, roads and markets by id, for labels and search. */
export function useReferenceNames() {
  const reference = useReferenceStore()
  const maps = computed(() => {
    const m = new Map<string, string>()
    for (const f of reference.communities?.features ?? []) m.set(`community:${f.properties.id}`, f.properties.name)
    for (const f of reference.grids?.features ?? []) m.set(`grid:${f.properties.id}`, f.properties.name)
    for (const f of reference.roads?.features ?? []) m.set(`road:${f.properties.id}`, f.properties.name)
    for (const market of reference.markets ?? []) m.set(`market:${market.id}`, market.name)
    return m
  })
  return (kind: GroupKind, id: string): string => maps.value.get(`${kind}:${id}`) ?? id
}
