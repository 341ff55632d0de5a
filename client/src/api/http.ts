import type { z } from 'zod'
import { ErrorBody, type ErrorCode } from '@shared/errors'

/**
 * Codes the client adds to the server's own: the request never got an answer (NETWORK), or the
 * answer did not have the shape we were promised (BAD_RESPONSE), or a non-JSON error page came back
 * (HTTP, e.g. a proxy's 502).
 */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE' | 'HTTP'

export class ApiError extends Error {
  override readonly name = 'ApiError'

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status, 0 when no response arrived. */
    readonly status: number,
    readonly path: string,
  ) {
    super(message)
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

export interface RequestOptions {
  signal?: AbortSignal
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>
}

export const API_BASE = '/api/v1'

/** The session's CSRF token (from sign-in or GET /auth/me), sent on every state-changing request. */
let csrfToken: string | null = null
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

type UnauthenticatedListener = () => void
const unauthenticatedListeners = new Set<UnauthenticatedListener>()
/** Called when any request answers 401: the session has ended (expired, signed out elsewhere, revoked). */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

/**
 * GETs `API_BASE + path` and parses the JSON body with `schema`. Every failure becomes an ApiError:
 * the server's `{ error: { code, message } }` body when it sent one, otherwise a client-side code.
 */
export function getJson<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  return requestJson('GET', path, schema, undefined, options)
}

/** POST/PUT/DELETE with a JSON body, carrying the CSRF token of the session. */
export function sendJson<S extends z.ZodType>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  body: unknown,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  return requestJson(method, path, schema, body, options)
}

async function requestJson<S extends z.ZodType>(method: string, path: string, schema: S, payload: unknown, options: RequestOptions): Promise<z.output<S>> {
  const doFetch = options.fetch ?? globalThis.fetch
  const url = `${API_BASE}${path}`
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' }
  if (payload !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await doFetch(url, {
      method,
      headers,
      body: payload === undefined ? null : JSON.stringify(payload),
      signal: options.signal ?? null,
      credentials: 'same-origin',
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError('NETWORK', `no answer from ${url}: ${describe(cause)}`, 0, path)
  }

  const body = await readJson(response)
  if (!response.ok) {
    if (response.status === 401) for (const listener of unauthenticatedListeners) listener()
    const parsed = ErrorBody.safeParse(body)
    if (parsed.success) throw new ApiError(parsed.data.error.code, parsed.data.error.message, response.status, path)
    throw new ApiError('HTTP', `${url} answered ${response.status} ${response.statusText}`.trim(), response.status, path)
  }
  if (body === undefined) throw new ApiError('BAD_RESPONSE', `${url} did not answer with JSON`, response.status, path)

  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown issue'
    throw new ApiError('BAD_RESPONSE', `${url} answered with an unexpected shape (${where})`, response.status, path)
  }
  return parsed.data
}

/** The body as JSON, or undefined when it is empty or not JSON (an HTML error page, say). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause)
}
