import { z } from 'zod'
import { type DisplayLoginBody, type LoginBody, Me } from '@shared/schemas/auth'
import { getJson, sendJson } from './http'

export const fetchMe = () => getJson('/auth/me', Me)
export const login = (body: LoginBody) => sendJson('POST', '/auth/login', Me, body)
export const loginDisplay = (body: DisplayLoginBody) => sendJson('POST', '/auth/display', Me, body)
export const logout = () => sendJson('POST', '/auth/logout', z.object({ ok: z.literal(true) }), {})
