import type { OutboxRefusal } from '../../stores/fieldOutboxItem'

/**
 * Why the server refused an item, as an i18n key and its values: a refused photo by its number,
 * the known case refusals in the worker's words, anything else with the server's code and message.
 */
const KNOWN = new Set(['OUTSIDE_STREET', 'UNKNOWN_CATEGORY', 'VERSION_CONFLICT', 'ILLEGAL_TRANSITION', 'ROLE_FORBIDDEN', 'FORBIDDEN', 'FIELD_REQUIRED', 'VALIDATION_FAILED', 'PHOTO_MISSING'])

export function refusalWords(r: OutboxRefusal): { key: string; values: Record<string, string | number> } {
  if (r.photo !== null && r.code !== 'PHOTO_MISSING') {
    if (r.status === 413 || r.code === 'PAYLOAD_TOO_LARGE') return { key: 'field.outbox.why.photoTooBig', values: { n: r.photo } }
    if (r.status === 422 || r.status === 415) return { key: 'field.outbox.why.photoNotImage', values: { n: r.photo } }
    return { key: 'field.outbox.why.photoOther', values: { n: r.photo, message: r.message } }
  }
  if (KNOWN.has(r.code)) return { key: `field.outbox.why.${r.code}`, values: { message: r.message } }
  return { key: 'field.outbox.why.other', values: { code: r.code, message: r.message } }
}
