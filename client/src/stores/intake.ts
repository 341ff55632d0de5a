import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Case } from '@shared/schemas/case'
import { CreateCaseBody } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Category } from '@shared/schemas/reference'
import { transitionCase } from '../api/caseActions'
import { isApiError } from '../api/http'
import { createCase } from '../api/intake'
import {
  defaultTitle,
  descriptionWithChannel,
  type FieldErrors,
  fieldErrorsOfIssues,
  fieldErrorsOfRefusal,
  type IntakeChannel,
  sourceOfChannel,
} from './intakeDraft'
import { usePossibleDuplicates } from './intakeDuplicates'

/** What the confirmation shows of a filed call: as the server answered (the phone masked). */
export interface FiledCall {
  id: string
  code: string
  reporterName: string | null
  reporterPhone: string | null
  /** The code of the case it was merged into. */
  mergedInto: string | null
  /** The call was filed but the merge was refused: why. */
  mergeProblem: string | null
}

/** A place the call is about, as the place search finds it. */
export interface IntakePlace {
  name: string
  location: LngLat
}

/** The form's own refusals before anything is sent; the panel words them. */
export const MISSING = 'required'

/**
 * Registering a call (登记来电, issue 14, point 2): the draft, its possible duplicates, and sending
 * it once. The idempotency key is made when a draft starts and kept until it is filed, so a double
 * click or a retry after a lost answer files one case. Nothing typed is dropped on a refusal.
 */
export const useIntakeStore = defineStore('intake', () => {
  const open = ref(false)
  const channel = ref<IntakeChannel>('hotline')
  const category = shallowRef<Category | null>(null)
  const place = shallowRef<IntakePlace | null>(null)
  /** A point set on the map; it wins over the chosen place's point. */
  const pin = shallowRef<LngLat | null>(null)
  const address = ref('')
  const reporterName = ref('')
  const reporterPhone = ref('')
  const description = ref('')
  const ownTitle = ref<string | null>(null)
  const key = ref(crypto.randomUUID())
  const errors = ref<FieldErrors>({})
  const problem = ref<string | null>(null)
  const busy = ref(false)
  const filed = shallowRef<FiledCall | null>(null)

  const location = computed<LngLat | null>(() => pin.value ?? place.value?.location ?? null)
  const title = computed({
    get: () => ownTitle.value ?? defaultTitle(category.value?.name ?? null, place.value?.name ?? null),
    set: (text: string) => void (ownTitle.value = text),
  })
  const duplicates = usePossibleDuplicates(() => ({ categoryCode: category.value?.code ?? null, location: location.value }))

  const show = () => void (open.value = true)
  const hide = () => void (open.value = false)

  function chooseCategory(c: Category): void {
    category.value = c
    errors.value = { ...errors.value, categoryCode: undefined }
  }
  function choosePlace(p: IntakePlace): void {
    place.value = p
    pin.value = null
    address.value = p.name
    errors.value = { ...errors.value, location: undefined }
  }
  function setPin(at: LngLat): void {
    pin.value = at
    errors.value = { ...errors.value, location: undefined }
  }

  /** The next call starts clean, on the same channel (an operator on the hotline stays on it). */
  function reset(): void {
    category.value = null
    place.value = null
    pin.value = null
    address.value = reporterName.value = reporterPhone.value = description.value = ''
    ownTitle.value = null
    errors.value = {}
    problem.value = null
    key.value = crypto.randomUUID()
  }

  function draftBody(mergeInto: Case | null) {
    return CreateCaseBody.safeParse({
      source: sourceOfChannel(channel.value),
      categoryCode: category.value?.code ?? '',
      title: title.value,
      description: descriptionWithChannel(channel.value, description.value),
      location: location.value ?? undefined,
      address: address.value,
      reporterName: reporterName.value.trim() || null,
      reporterPhone: reporterPhone.value.trim() || null,
      ...(mergeInto ? { duplicateOf: mergeInto.id } : {}),
    })
  }

  /** File the call, and with `mergeInto` fold it into that case at once (合并). */
  async function submit(mergeInto: Case | null = null): Promise<void> {
    if (busy.value) return
    const parsed = draftBody(mergeInto)
    const local: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues)
    if (!category.value) local.categoryCode = MISSING
    if (!location.value) local.location = MISSING
    errors.value = local
    problem.value = null
    if (!parsed.success || Object.keys(local).length > 0) return
    busy.value = true
    try {
      const created = await createCase(parsed.data, key.value)
      filed.value = { ...confirmationOf(created), ...(await mergeIfAsked(created, mergeInto)) }
      reset()
    } catch (error) {
      const code = isApiError(error) ? error.code : 'NETWORK'
      const message = error instanceof Error ? error.message : String(error)
      const placed = fieldErrorsOfRefusal(code, message)
      if (placed) errors.value = placed
      else problem.value = message
    } finally {
      busy.value = false
    }
  }

  async function mergeIfAsked(created: Case, target: Case | null): Promise<Pick<FiledCall, 'mergedInto' | 'mergeProblem'>> {
    if (!target) return { mergedInto: null, mergeProblem: null }
    try {
      await transitionCase(created.id, { action: 'merge', version: created.version, photos: [] })
      return { mergedInto: target.code, mergeProblem: null }
    } catch (error) {
      // The call is filed and flagged; it waits in 疑似重复 for someone to merge or keep separate.
      return { mergedInto: null, mergeProblem: error instanceof Error ? error.message : String(error) }
    }
  }

  return {
    open, channel, category, place, pin, location, address, reporterName, reporterPhone, description, title, key,
    errors, problem, busy, filed, duplicates: duplicates.items, duplicatesFailed: duplicates.failed,
    show, hide, chooseCategory, choosePlace, setPin, submit, reset,
  }
})

function confirmationOf(c: Case): Omit<FiledCall, 'mergedInto' | 'mergeProblem'> {
  return { id: c.id, code: c.code, reporterName: c.reporterName, reporterPhone: c.reporterPhone }
}
