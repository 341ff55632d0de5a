import { z } from 'zod'
import { rememberChoice } from './categorySearch'

/**
 * The categories an operator chose lately, per user in localStorage, so the picker offers them
 * first (issue 14, point 2). What is stored is parsed back like any input: a bad entry is no list.
 */
const RecentCodes = z.array(z.string().min(1).max(10)).max(20)

export const recentKey = (userId: string) => `desk.intake.recentCategories.${userId}`

export function readRecent(storage: Pick<Storage, 'getItem'>, userId: string): string[] {
  try {
    const parsed = RecentCodes.safeParse(JSON.parse(storage.getItem(recentKey(userId)) ?? '[]'))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

/** Put `code` first in the user's list and store it; returns the new list. */
export function writeRecent(storage: Pick<Storage, 'getItem' | 'setItem'>, userId: string, code: string): string[] {
  const next = rememberChoice(readRecent(storage, userId), code)
  try {
    storage.setItem(recentKey(userId), JSON.stringify(next))
  } catch {
    // A full or disabled storage only costs the ordering, never the call.
  }
  return next
}
