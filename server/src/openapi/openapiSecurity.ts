import { SESSION_COOKIE, needsCsrfToken } from '../auth/requestAuth'
import type { RouteSpec } from '../http/apiRouter'
import type { JsonSchema } from './openapiSchema'

/**
 * How a caller proves who it is, as `auth/requestAuth.ts` reads it: an integration's API token as a
 * Bearer token, or a browser's httpOnly session cookie, which on a state-changing request must come
 * with the CSRF token from `GET /api/v1/auth/me` in `X-CSRF-Token` (a bearer token needs none: a
 * browser never sends one by itself).
 */
export const SECURITY_SCHEMES = {
  bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (`POST /api/v1/users/{id}/tokens`), for integrations and scripts.' },
  sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie `POST /api/v1/auth/login` or `/auth/display` sets.' },
  csrfToken: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: "The session's CSRF token from `GET /api/v1/auth/me`; needed with the cookie on POST, PUT, PATCH and DELETE." },
} as const

export const headerParameter = (name: string, description: string, schema: JsonSchema): JsonSchema => ({ name, in: 'header', required: false, description, schema })

/** The operation's `security` (public ones: none), and the CSRF header where a cookie session needs it. */
export function securityOf(spec: RouteSpec): { security: Record<string, string[]>[]; csrfHeader: JsonSchema | null } {
  if (spec.permission === 'public') return { security: [], csrfHeader: null }
  if (!needsCsrfToken(spec.method)) return { security: [{ bearerToken: [] }, { sessionCookie: [] }], csrfHeader: null }
  return {
    security: [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
    csrfHeader: headerParameter('X-CSRF-Token', SECURITY_SCHEMES.csrfToken.description, { type: 'string' }),
  }
}
