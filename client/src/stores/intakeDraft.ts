import type { CaseSource } from '@shared/schemas/case'
import type { z } from 'zod'

/**
 * The pure parts of registering a call (issue 14, point 2): the channel a call came in by, the title
 * it defaults to, and where a refusal belongs in the form.
 */
export const INTAKE_CHANNELS = ['hotline', 'e_nanny', 'walk_in'] as const
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number]

/**
 * docs/domain.md: electronic-nanny (电子保姆) calls come in through the 96156 hotline, so they are
 * hotline cases; the channel is kept as the description's first line, which every reader of the
 * case (drawer, search, the district platform) already shows, instead of a source nobody else knows.
 */
export const E_NANNY_LINE = '来电渠道：电子保姆'

export function sourceOfChannel(channel: IntakeChannel): CaseSource {
  return channel === 'walk_in' ? 'walk_in' : 'hotline'
}

/** The description as filed: the operator's text, under the channel line for an electronic-nanny call. */
export function descriptionWithChannel(channel: IntakeChannel, description: string): string {
  const text = description.trim()
  if (channel !== 'e_nanny') return text
  return text ? `${E_NANNY_LINE}\n${text}` : E_NANNY_LINE
}

/** 井盖破损 · 鼓楼东大街: what and where, until the operator writes a title of their own. */
export function defaultTitle(categoryName: string | null, placeName: string | null): string {
  return [categoryName, placeName].filter((s): s is string => !!s && s.trim() !== '').join(' · ')
}

/** The form's fields a refusal can point at. */
export type IntakeField = 'categoryCode' | 'location' | 'address' | 'reporterName' | 'reporterPhone' | 'title' | 'description' | 'duplicateOf'
export type FieldErrors = Partial<Record<IntakeField, string>>

const FIELDS: readonly string[] = ['categoryCode', 'location', 'address', 'reporterName', 'reporterPhone', 'title', 'description', 'duplicateOf']
const fieldOf = (path: string): IntakeField | null => {
  const head = path.split('.')[0] ?? ''
  return FIELDS.includes(head) ? (head as IntakeField) : null
}

/** The body's own check, field by field (the same schema the server applies). */
export function fieldErrorsOfIssues(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String).join('.'))
    if (field && !out[field]) out[field] = issue.message
  }
  return out
}

/**
 * A server refusal, placed in the form: the category or the place it names, or the fields its
 * message lists ("invalid body: title: …; reporterPhone: …"). Null when it belongs to no field.
 */
export function fieldErrorsOfRefusal(code: string, message: string): FieldErrors | null {
  if (code === 'UNKNOWN_CATEGORY') return { categoryCode: message }
  if (code === 'OUTSIDE_STREET') return { location: message }
  if (code !== 'VALIDATION_FAILED') return null
  const out: FieldErrors = {}
  for (const part of message.replace(/^invalid body: /, '').split('; ')) {
    const at = part.indexOf(': ')
    const field = at > 0 ? fieldOf(part.slice(0, at)) : null
    if (field && !out[field]) out[field] = part.slice(at + 2)
  }
  return Object.keys(out).length > 0 ? out : null
}

/** How long ago a possible duplicate was reported, in the unit a person says it: minutes, then hours. */
export function ageOf(createdAt: string, now: number): { unit: 'minutes' | 'hours'; n: number } {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000))
  return minutes < 60 ? { unit: 'minutes', n: minutes } : { unit: 'hours', n: Math.floor(minutes / 60) }
}
