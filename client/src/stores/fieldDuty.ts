import { defineStore } from 'pinia'
import { ref } from 'vue'

/** One fix of the phone: where, how sure (metres), and when the phone took it (epoch ms). */
export interface Fix {
  lng: number
  lat: number
  accuracyM: number
  at: number
}

/**
 * 上班/下班 and the phone's latest fix (shown with its accuracy, used by the report form). The
 * watch and the 30 s reports are run by features/field/dutyService.ts.
 */
export const useFieldDutyStore = defineStore('fieldDuty', () => {
  const onDuty = ref(false)
  const fix = ref<Fix | null>(null)
  const error = ref<string | null>(null)
  return { onDuty, fix, error }
})
