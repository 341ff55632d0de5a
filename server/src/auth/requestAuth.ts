import type { IncomingMessage } from 'node:http'
import type { Request, RequestHandler, Response } from 'express'
import { type Permission, hasPermission } from '@shared/permissions'
import { createError } from '../core/appError'
import type { CredentialRecord } from './accountRepository'
import type { AuditLog } from './auditLog'
import type { AuthService, SignedIn } from './authService'
import type { Principal } from './principal'

export const SESSION_COOKIE = 'gulou_session'

export interface Authenticated {
  principal: Principal
  credential: CredentialRecord
}

// Kept beside the request, not on it, so nothing else can forge or overwrite it.
const byRequest = new WeakMap<IncomingMessage, Authenticated>()

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const raw = part.slice(eq + 1).trim()
    try {
      cookies.set(name, decodeURIComponent(raw))
    } catch {
      continue
    }
  }
  return cookies
}

/** The session cookie of a browser, or the bearer token of an integration (terminal, hotline system). */
export function sessionToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null
  return parseCookies(req.headers.cookie).get(SESSION_COOKIE) ?? null
}

export const clientIp = (req: IncomingMessage): string | null => req.socket.remoteAddress ?? null

export function setSessionCookie(res: Response, s: SignedIn, secure: boolean): void {
  res.cookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires: new Date(s.expiresAt) })
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' })
}

/** Resolve the caller once per request. */
export function authenticateRequests(auth: AuthService): RequestHandler {
  return (req, _res, next) => {
    const token = sessionToken(req)
    const found = token ? auth.authenticate(token) : null
    if (found) byRequest.set(req, found)
    next()
  }
}

export function authenticationOf(req: IncomingMessage): Authenticated | null {
  return byRequest.get(req) ?? null
}

export function requirePrincipal(req: Request): Authenticated {
  const found = byRequest.get(req)
  if (!found) throw createError('UNAUTHENTICATED', 'sign in first')
  return found
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A cookie session must echo its CSRF token on a request of this method (the OpenAPI document says so too). */
export const needsCsrfToken = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase())

/** What a route needs: a permission, any signed-in caller, or nobody. */
export type RouteAccess = Permission | 'authenticated' | 'public'

/** The one access check; throws the HTTP error (401/403) itself. */
export type AccessCheck = (req: Request, access: RouteAccess) => void

/**
 * The one access check of every API route. A browser session must also echo its CSRF token on
 * state-changing requests; a bearer token is never sent by a browser on its own, so it needs none.
 */
export const createAccessCheck = (audit: AuditLog): AccessCheck => (req, access) => {
  if (access === 'public') return
  const found = byRequest.get(req)
  if (!found) throw createError('UNAUTHENTICATED', 'sign in first')
  const { principal, credential } = found
  if (credential.kind === 'session' && needsCsrfToken(req.method) && req.get('x-csrf-token') !== credential.csrfToken) {
    audit.record({ actorId: principal.id, actorRole: principal.role, action: 'access.csrf', target: `${req.method} ${req.path}`, outcome: 'refused', ip: clientIp(req) })
    throw createError('FORBIDDEN', 'missing or wrong X-CSRF-Token header')
  }
  if (access !== 'authenticated' && !hasPermission(principal.role, access)) {
    audit.record({ actorId: principal.id, actorRole: principal.role, action: 'access.denied', target: `${req.method} ${req.route?.path ?? req.path}`, outcome: 'refused', ip: clientIp(req), details: { permission: access } })
    throw createError('FORBIDDEN', `role "${principal.role}" lacks permission "${access}"`)
  }
}

/** For requests outside the API router (the relay's media paths). */
export function authenticateRaw(auth: AuthService, req: IncomingMessage): Authenticated | null {
  const known = byRequest.get(req)
  if (known) return known
  const token = sessionToken(req)
  return token ? auth.authenticate(token) : null
}
