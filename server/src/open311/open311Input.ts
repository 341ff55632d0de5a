import { z } from 'zod'
import { IdempotencyKey } from '../cases/caseIntake'
import { Id } from '@shared/schemas/reference'

/**
 * What Open311 clients send, parsed before anything else runs. Query strings and form bodies
 * arrive as text (a repeated key as a list, which is refused); JSON bodies may carry numbers.
 * Unknown parameters are refused, not ignored, as on /api/v1: a misspelt filter would otherwise
 * answer with everything. Two exceptions, both in the spec: `jurisdiction_id` (this endpoint
 * serves one street, so any value is read as this street) and `attribute[…]` (we define no
 * attributes, so what a client sends there is not kept).
 */

export const Open311Format = z.enum(['json', 'xml'])
export type Open311Format = z.infer<typeof Open311Format>

/** Longest span of requested_datetime a request list covers, and its default: the spec's 90 days. */
export const REQUEST_WINDOW_DAYS = 90
/** At most this many requests in one answer, newest first (the spec leaves the figure to the server). */
export const MAX_REQUESTS = 1000
/** The update list's default window, when start_date is absent: the last 24 hours. */
export const UPDATE_DEFAULT_HOURS = 24
/** At most this many updates in one answer, oldest first: a client asks again from the last one's time. */
export const MAX_UPDATES = 1000

const Text = (max: number) => z.string().trim().min(1).max(max)
const ApiKey = z.string().trim().min(1, 'api_key is required').max(200)
/** W3C / ISO 8601 with a zone, as the spec writes it (2010-01-01T00:00:00Z). */
const W3cDate = z.iso.datetime({ offset: true, message: 'a W3C datetime with a zone, e.g. 2026-11-28T00:00:00+08:00' })
const ServiceCode = z.string().trim().regex(/^[CEGS]\d{4}$/, 'a service_code is one of /services: a letter C, E, G or S and four digits')

/** A comma-separated list (`a,b`), each item checked by `item`. */
const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v !== ''))
    .pipe(z.array(item).min(1).max(max))

/** A coordinate from a form (text) or a JSON body (a number). */
const coordinate = (min: number, max: number) =>
  z
    .union([z.number(), z.string().trim().regex(/^-?\d{1,3}(\.\d{1,17})?$/, 'decimal degrees').transform(Number)])
    .pipe(z.number().min(min).max(max))

const keyed = { api_key: ApiKey, jurisdiction_id: Text(100).optional() }

export const ServiceParams = z.object({ code: z.string().max(20) })
export const RequestParams = z.object({ id: Id })

export const ServicesQuery = z.strictObject(keyed)

export const RequestsQuery = z.strictObject({
  ...keyed,
  service_request_id: commaList(Id, MAX_REQUESTS).optional(),
  service_code: commaList(ServiceCode, 50).optional(),
  start_date: W3cDate.optional(),
  end_date: W3cDate.optional(),
  status: commaList(z.enum(['open', 'closed']), 2).optional(),
  /** The Helsinki / CitySDK convention: `extensions=true` adds `extended_attributes`. */
  extensions: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
})
export type RequestsQuery = z.infer<typeof RequestsQuery>

export const RequestQuery = RequestsQuery.pick({ api_key: true, jurisdiction_id: true, extensions: true })

/** A POST may carry its api_key in the query string instead of the body. */
export const PostQuery = z.strictObject({ api_key: ApiKey.optional(), jurisdiction_id: Text(100).optional() })

export const PostRequestBody = z.strictObject({
  // Required, but the caller check reads it first, from here or from the query string.
  api_key: ApiKey.optional(),
  jurisdiction_id: keyed.jurisdiction_id,
  service_code: ServiceCode,
  lat: coordinate(-90, 90).optional(),
  long: coordinate(-180, 180).optional(),
  address_string: Text(200).optional(),
  address_id: Text(100).optional(),
  // The intake description takes 4,000 characters; the channel line takes the rest.
  description: z.string().trim().max(3900).optional(),
  media_url: z
    .url({ protocol: /^https?$/, message: 'media_url is an http(s) URL' })
    .max(300)
    .optional(),
  first_name: Text(30).optional(),
  last_name: Text(30).optional(),
  email: Text(200).optional(),
  phone: Text(30).optional(),
  device_id: Text(200).optional(),
  account_id: Text(200).optional(),
})
export type PostRequestBody = z.infer<typeof PostRequestBody>

export const UpdatesQuery = z.strictObject({ ...keyed, start_date: W3cDate.optional(), end_date: W3cDate.optional() })
export type UpdatesQuery = z.infer<typeof UpdatesQuery>

/** The headers a POST reads besides the key: the same as POST /api/v1/cases. */
export const IdempotencyHeader = z.string().regex(IdempotencyKey, 'Idempotency-Key must be 1-128 letters, digits or _ . : -').optional()

/** `attribute[code]` fields are spec-defined and ignored here (no service defines attributes). */
export const withoutAttributes = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'attribute' && !/^attribute\[[^\]]{1,100}\]$/.test(k)))

const DAY_MS = 86_400_000

export type Window = { ok: true; from: string; to: string } | { ok: false; message: string }

/**
 * The span a list covers, as UTC instants: both ends inclusive, at most `maxDays` long. Without
 * an end it ends now; without a start it begins `defaultMs` before its end.
 */
export function windowOf(q: { start_date?: string | undefined; end_date?: string | undefined }, now: Date, defaultMs: number, maxDays: number): Window {
  const end = q.end_date ? Date.parse(q.end_date) : now.getTime()
  const start = q.start_date ? Date.parse(q.start_date) : end - defaultMs
  if (start > end) return { ok: false, message: 'start_date is after end_date' }
  if (end - start > maxDays * DAY_MS) return { ok: false, message: `start_date to end_date may span at most ${maxDays} days` }
  return { ok: true, from: new Date(start).toISOString(), to: new Date(end).toISOString() }
}

export const requestWindow = (q: RequestsQuery, now: Date) => windowOf(q, now, REQUEST_WINDOW_DAYS * DAY_MS, REQUEST_WINDOW_DAYS)
export const updateWindow = (q: UpdatesQuery, now: Date) => windowOf(q, now, UPDATE_DEFAULT_HOURS * 3_600_000, REQUEST_WINDOW_DAYS)
