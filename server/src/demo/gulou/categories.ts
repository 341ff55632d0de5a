import type { Category, CategoryKind, ClockKind } from '@shared/schemas/reference'
import type { MajorSpec } from './categorySpec'
import { COMPONENT_MAJORS } from './componentCategories'
import { EVENT_MAJORS } from './eventCategories'
import { GOVERNANCE_MAJORS, SERVICE_MAJORS } from './governanceCategories'
import { UNIT_ID } from './units'

const KIND_LETTER: Record<CategoryKind, string> = { component: 'C', event: 'E', governance: 'G', service: 'S' }

/** The category taxonomy with its responsibility matrix; codes are letter + 大类 + 小类, e.g. C0101. */
export function buildCategories(): Category[] {
  const majors: readonly MajorSpec[] = [...COMPONENT_MAJORS, ...EVENT_MAJORS, ...GOVERNANCE_MAJORS, ...SERVICE_MAJORS]
  return majors.flatMap(({ kind, majorCode, majorName, items }) =>
    items.map((spec, i): Category => {
      const [amount, clock] = spec.limit.split(' ') as [string, ClockKind]
      return {
        code: `${KIND_LETTER[kind]}${majorCode}${String(i + 1).padStart(2, '0')}`,
        kind,
        majorCode,
        majorName,
        name: spec.name,
        nameEn: spec.nameEn,
        timeLimit: { kind: clock, amount: Number(amount) },
        urgent: spec.urgent,
        unitId: UNIT_ID[spec.unit],
        filingCondition: spec.filing,
        closingCondition: spec.closing,
      }
    }),
  )
}
