import type { Case } from '@shared/schemas/case'

/**
 * Whether a case matches what the operator typed at the desk: its code, address or category name
 * (Chinese or English), or, for four digits, the last four digits of the reporter's masked phone
 * (138****1234), which is all the desk holds of a number.
 */
export function matchesDeskSearch(c: Pick<Case, 'code' | 'address' | 'reporterPhone'>, categoryNames: readonly string[], query: string): boolean {
  const q = query.trim().toLowerCase()
  if (q === '') return true
  if (/^\d{4}$/.test(q) && c.reporterPhone?.endsWith(q)) return true
  return [c.code, c.address, ...categoryNames].some((text) => text.toLowerCase().includes(q))
}
