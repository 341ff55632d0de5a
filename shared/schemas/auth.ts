import { z } from 'zod'
import { Role } from '../roles'

/** Who is signed in: a person or a wall display (`wall` is the wall a display shows). */
export const SessionUser = z.object({
  kind: z.enum(['user', 'display']),
  id: z.string(),
  name: z.string(),
  role: Role,
  communityId: z.string().nullable(),
  unitId: z.string().nullable(),
  gridId: z.string().nullable(),
  wall: z.string().nullable(),
  /** The handset of a terminal session (POST /auth/terminal); absent or null otherwise. */
  terminalId: z.string().nullable().optional(),
})
export type SessionUser = z.infer<typeof SessionUser>

/** The answer of sign-in and GET /auth/me; `csrfToken` goes in X-CSRF-Token on every state-changing request. */
export const Me = z.object({
  user: SessionUser,
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
})
export type Me = z.infer<typeof Me>

export const LoginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
export type LoginBody = z.infer<typeof LoginBody>

export const DisplayLoginBody = z.object({ token: z.string().trim().min(20).max(200) })
export type DisplayLoginBody = z.infer<typeof DisplayLoginBody>

/**
 * Sign-in on a field terminal (`POST /api/v1/auth/terminal`): a person on a shared handset, with the
 * handset's id from the 360-terminal registry. The session lasts 30 days on the device, is listed
 * for the administrator (`GET /api/v1/terminal-sessions`) and revoked there; each report made
 * through it records the terminal's id.
 */
export const TerminalLoginBody = LoginBody.extend({ terminalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) })
export type TerminalLoginBody = z.infer<typeof TerminalLoginBody>
export const TERMINAL_SESSION_DAYS = 30
