import { z } from 'zod'
import { type PreparingProgress, UpstreamError, type UpstreamPolicy, redactUrl, splitCredentials } from './upstreamPolicy'

/** Redirects followed per request, each re-checked against the policy. */
export const MAX_REDIRECTS = 3

export interface FetchLimits {
  /** Until the response headers arrive (connect, TLS, request, first byte). */
  connectTimeoutMs: number
  /** Longest silence between two chunks of the body. */
  readTimeoutMs: number
  maxBytes: number
}

export interface Fetched {
  body: Buffer
  /** After redirects: the base for relative URIs inside a playlist. */
  url: URL
  contentType: string | null
}

export interface UpstreamAuth {
  origin: string
  header: string
}

export interface FetchOptions {
  policy: UpstreamPolicy
  limits: FetchLimits
  /** What is fetched, for messages: "playlist", "segment 1234" … */
  what: string
  /** Basic credentials of the camera, sent only to their own origin. */
  auth?: UpstreamAuth | null
  signal?: AbortSignal | undefined
}

const isRedirect = (status: number) => status === 301 || status === 302 || status === 303 || status === 307 || status === 308

/**
 * GET one upstream resource whole, within the policy and the limits: redirects are handled by
 * hand (`redirect: 'manual'`) so each hop is checked before it is followed, and the body is
 * abandoned the moment it outgrows its cap.
 */
export async function fetchUpstream(target: URL, opts: FetchOptions): Promise<Fetched> {
  const split = splitCredentials(target)
  let url = split.url
  const auth = split.auth ?? opts.auth ?? null
  for (let hop = 0; ; hop++) {
    opts.policy.check(url, opts.what)
    const headers: Record<string, string> = { 'user-agent': 'gulou-wall-relay', accept: '*/*' }
    if (auth && auth.origin === url.origin) headers['authorization'] = auth.header

    const ac = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      ac.abort()
    }, opts.limits.connectTimeoutMs)
    const signal = opts.signal ? AbortSignal.any([ac.signal, opts.signal]) : ac.signal
    let res: Response
    try {
      res = await fetch(url, { redirect: 'manual', signal, headers })
    } catch {
      throw timedOut
        ? new UpstreamError('timeout', `${opts.what}: no answer from ${redactUrl(url)} within ${opts.limits.connectTimeoutMs} ms`)
        : new UpstreamError('unreachable', `${opts.what}: cannot reach ${redactUrl(url)}`)
    } finally {
      clearTimeout(timer)
    }

    if (isRedirect(res.status)) {
      await res.body?.cancel().catch(() => {})
      const location = res.headers.get('location')
      if (!location || hop >= MAX_REDIRECTS) throw new UpstreamError('refused', `${opts.what}: too many or empty redirects from ${redactUrl(url)}`)
      const next = URL.canParse(location, url) ? new URL(location, url) : null
      if (!next) throw new UpstreamError('refused', `${opts.what}: unparseable redirect from ${redactUrl(url)}`)
      url = splitCredentials(next).url
      continue
    }
    if (res.status === 503 && retryAfterSeconds(res.headers.get('retry-after')) !== null) {
      throw await notReady(res, url, opts.what)
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => {})
      throw new UpstreamError('http', `${opts.what}: ${redactUrl(url)} answered ${res.status}`)
    }
    const declared = Number(res.headers.get('content-length') ?? NaN)
    if (declared > opts.limits.maxBytes) {
      await res.body?.cancel().catch(() => {})
      throw new UpstreamError('too-large', `${opts.what}: ${declared} bytes is over the cap of ${opts.limits.maxBytes}`)
    }
    const body = await readCapped(res, opts, ac)
    return { body, url, contentType: res.headers.get('content-type') }
  }
}

async function readCapped(res: Response, opts: FetchOptions, ac: AbortController): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0)
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    ac.abort()
  }, opts.limits.readTimeoutMs)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > opts.limits.maxBytes) {
        await reader.cancel().catch(() => {})
        throw new UpstreamError('too-large', `${opts.what}: more than the cap of ${opts.limits.maxBytes} bytes`)
      }
      chunks.push(value)
      timer.refresh()
    }
  } catch (err) {
    if (err instanceof UpstreamError) throw err
    throw timedOut
      ? new UpstreamError('timeout', `${opts.what}: the body stalled for ${opts.limits.readTimeoutMs} ms`)
      : new UpstreamError('unreachable', `${opts.what}: the connection broke while reading`)
  } finally {
    clearTimeout(timer)
  }
  return Buffer.concat(chunks, size)
}

/** Retry-After as delta-seconds (the form sources use for "not yet"); an HTTP date or garbage is ignored. */
export function retryAfterSeconds(header: string | null): number | null {
  if (header === null || !/^\d{1,5}$/.test(header.trim())) return null
  return Math.min(3600, Number(header.trim()))
}

const NOT_READY_BODY_BYTES = 4096
/** The error envelope this API answers with; a source may put its progress in `details`. */
const NotReadyBody = z.object({
  error: z.object({
    details: z.object({
      progress: z.object({
        ready: z.number().int().min(0).max(1e6),
        total: z.number().int().min(1).max(1e6),
        ahead: z.number().int().min(0).max(1e6).nullable(),
      }),
    }),
  }),
})

/**
 * A 503 with Retry-After is a source saying "not yet, ask again then" (a clip being encoded, a
 * camera waking up), which is not the same as a camera that is down. Its body is read (capped,
 * never trusted beyond the progress figures) in case it says how far along it is.
 */
async function notReady(res: Response, url: URL, what: string): Promise<UpstreamError> {
  const retryAfterS = retryAfterSeconds(res.headers.get('retry-after')) ?? 5
  let progress: PreparingProgress | null = null
  try {
    const text = await readPrefix(res, NOT_READY_BODY_BYTES)
    const parsed = NotReadyBody.safeParse(JSON.parse(text))
    if (parsed.success) progress = { ...parsed.data.error.details.progress, ready: Math.min(parsed.data.error.details.progress.ready, parsed.data.error.details.progress.total) }
  } catch {
    progress = null
  }
  return new UpstreamError('not-ready', `${what}: ${redactUrl(url)} is not ready yet (retry after ${retryAfterS} s)`, { retryAfterS, progress })
}

/** At most `limit` bytes of the body as text; the rest is never read. */
async function readPrefix(res: Response, limit: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < limit) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8')
}
