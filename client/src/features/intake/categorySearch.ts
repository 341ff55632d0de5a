import type { Category } from '@shared/schemas/reference'
import { initialsOf, spelledOf } from './pinyinKeys'

/**
 * The category picker's search over every 小类 (docs/domain.md, "Taxonomy"): an intake operator
 * types Chinese words, pinyin initials (jg → 井盖破损) or whole pinyin (jinggai), a code (C0101)
 * or English, and the categories chosen lately come first. Pinyin comes from pinyin-pro (its own
 * offline dictionary, polyphones read in context), computed once per category when the list loads.
 */
export interface CategoryEntry {
  category: Pick<Category, 'code' | 'name' | 'nameEn' | 'majorName'>
  /** First letters of the name's syllables, e.g. jgps. */
  initials: string
  /** The name's pinyin without tones or spaces, e.g. jinggaiposun. */
  spelled: string
}

export function indexCategories(categories: readonly CategoryEntry['category'][]): CategoryEntry[] {
  return categories.map((category) => ({ category, initials: initialsOf(category.name), spelled: spelledOf(category.name) }))
}

/** How well an entry matches; 0 is no match. Chinese and code matches beat pinyin, pinyin beats English. */
function score(e: CategoryEntry, q: string): number {
  const { code, name, nameEn, majorName } = e.category
  if (code.toLowerCase() === q) return 100
  if (name === q) return 90
  if (name.startsWith(q)) return 80
  if (name.includes(q)) return 70
  if (e.initials.startsWith(q)) return 65
  if (e.spelled.startsWith(q)) return 60
  if (majorName.includes(q)) return 45
  if (q.length >= 2 && e.initials.includes(q)) return 40
  if (q.length >= 3 && e.spelled.includes(q)) return 35
  if (q.length >= 2 && nameEn.toLowerCase().includes(q)) return 30
  return 0
}

/**
 * The categories to offer for `query`, best first: matches by how well they match, a recent choice
 * ahead of an equal match (and, with an empty query, the recent choices first, most recent first,
 * then the rest in taxonomy order).
 */
export function searchCategories(index: readonly CategoryEntry[], query: string, recent: readonly string[] = [], limit = 12): CategoryEntry['category'][] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '')
  const recency = new Map(recent.map((code, i) => [code, recent.length - i]))
  const ranked = index
    .map((e, order) => ({ e, order, s: q ? score(e, q) : 1, r: recency.get(e.category.code) ?? 0 }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || b.r - a.r || a.order - b.order)
  return ranked.slice(0, limit).map((x) => x.e.category)
}

/** The recent list after choosing `code`: most recent first, each once, at most `keep`. */
export function rememberChoice(recent: readonly string[], code: string, keep = 8): string[] {
  return [code, ...recent.filter((c) => c !== code)].slice(0, keep)
}
