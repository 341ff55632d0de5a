import type { z } from 'zod'
import { ErrorBody } from '@shared/errors'
import { API_BASE } from '../../api/http'

/**
 * The field terminal's calls as outcomes, not exceptions: the outbox sender must tell a refusal
 * (keep the item, say why) from a network failure or a busy server (try again later) from an ended
 * session (wait for the worker to sign in again). Multipart uploads carry the CSRF token too.
 */
export type FieldOutcome<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; kind: 'refused' | 'retry' | 'signed_out'; status: number; code: string; message: string; details?: unknown }

export interface FieldHttp {
  fetch: typeof fetch
  csrf: () => string | null
}

export async function fieldRequest<S extends z.ZodType>(
  http: FieldHttp,
  method: 'GET' | 'POST',
  path: string,
  schema: S,
  body?: FormData | object,
  headers: Record<string, string> = {},
): Promise<FieldOutcome<z.output<S>>> {
  const h: Record<string, string> = { ...headers, accept: 'application/json' }
  if (body !== undefined && !(body instanceof FormData)) h['content-type'] = 'application/json'
  const token = http.csrf()
  if (method !== 'GET' && token) h['x-csrf-token'] = token
  let response: Response
  try {
    const payload = body === undefined ? null : body instanceof FormData ? body : JSON.stringify(body)
    response = await http.fetch(`${API_BASE}${path}`, { method, headers: h, body: payload, credentials: 'same-origin' })
  } catch (cause) {
    return { ok: false, kind: 'retry', status: 0, code: 'NETWORK', message: cause instanceof Error ? cause.message : String(cause) }
  }
  const json = await response.json().catch(() => undefined)
  if (!response.ok) return failure(response.status, json)
  const parsed = schema.safeParse(json)
  if (!parsed.success) return { ok: false, kind: 'retry', status: response.status, code: 'BAD_RESPONSE', message: `${path} answered an unexpected shape` }
  return { ok: true, status: response.status, data: parsed.data }
}

/** 401 waits for a sign-in; 408/429/5xx (and a proxy's HTML page) are worth another try; any other 4xx is a refusal. */
function failure(status: number, json: unknown): FieldOutcome<never> {
  const parsed = ErrorBody.safeParse(json)
  const code = parsed.success ? parsed.data.error.code : 'HTTP'
  const message = parsed.success ? parsed.data.error.message : `HTTP ${status}`
  const details = parsed.success ? parsed.data.error.details : undefined
  const kind = status === 401 ? 'signed_out' : status === 408 || status === 429 || status >= 500 ? 'retry' : 'refused'
  return { ok: false, kind, status, code, message, details }
}
