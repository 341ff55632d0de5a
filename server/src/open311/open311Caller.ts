import type { Request, Response } from 'express'
import { type Permission, hasPermission } from '@shared/permissions'
import type { AuthService } from '../auth/authService'
import type { Principal } from '../auth/principal'
import { authenticateRequests } from '../auth/requestAuth'
import { Open311Error } from './open311Answer'

/** The api_key as sent: in the body of a POST (form or JSON), else in the query string. */
function apiKeyOf(req: Request): string | null {
  const fromBody = (req.body as Record<string, unknown> | undefined)?.['api_key']
  const fromQuery = req.query['api_key']
  const key = typeof fromBody === 'string' ? fromBody : typeof fromQuery === 'string' ? fromQuery : null
  return key?.trim() || null
}

/**
 * Who calls an Open311 route: the integration account whose API token is the `api_key`. Every
 * route needs one, reads included: the center runs on an intranet and its cases are about people.
 * The key is a token, not a cookie, so no CSRF check applies (a browser never sends it by itself),
 * and a browser's session cookie counts for nothing here.
 */
export function createOpen311Caller(auth: AuthService) {
  const authenticate = authenticateRequests(auth)
  return function callerOf(req: Request, res: Response, permission: Permission): Principal {
    const key = apiKeyOf(req)
    if (!key) throw new Open311Error(403, 'api_key is required: the API token of an integration account of this center')
    const found = auth.authenticate(key)
    if (!found || found.credential.kind !== 'api' || found.principal.role !== 'integration') {
      throw new Open311Error(403, 'api_key is not a valid API token of an integration account (expired, revoked or unknown)')
    }
    if (!hasPermission(found.principal.role, permission)) throw new Open311Error(403, `this api_key's account lacks permission "${permission}"`)
    // The key is our Bearer token under another name: presented so, the case routes' own
    // helpers (X-On-Behalf-Of, photo ownership) read this caller as they read every other.
    req.headers.authorization = `Bearer ${key}`
    authenticate(req, res, () => undefined)
    return found.principal
  }
}

export type Open311CallerOf = ReturnType<typeof createOpen311Caller>
