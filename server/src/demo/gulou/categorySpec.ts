import type { CategoryKind, ClockKind } from '@shared/schemas/reference'
import type { UnitKey } from './units'

/** "2 urgent_hours", "4 working_hours", "2 working_days", "15 natural_days". */
export type Limit = `${number} ${ClockKind}`

/** One 小类 as the responsibility matrix writes it; the code is given by its place in the table. */
export interface ItemSpec {
  name: string
  nameEn: string
  limit: Limit
  unit: UnitKey
  filing: string
  closing: string
  urgent: boolean
}

export interface MajorSpec {
  kind: CategoryKind
  majorCode: string
  majorName: string
  items: readonly ItemSpec[]
}

/** Positional so the table reads one 小类 per line. */
export const item = (
  name: string,
  nameEn: string,
  limit: Limit,
  unit: UnitKey,
  filing: string,
  closing: string,
  urgent = false,
): ItemSpec => ({ name, nameEn, limit, unit, filing, closing, urgent })
