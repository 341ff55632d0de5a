import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientEventName } from '@shared/events'
import { PERMISSION_ROLES, SOCKET_EVENT_PERMISSIONS } from '@shared/permissions'
import { Role } from '@shared/roles'
import type { RouteSpec } from '../http/apiRouter'
import { type TestApp, startTestApp } from '../testing/testApp'
import { handshake, request } from './authTestSupport'

let t: TestApp
let communityId: string
beforeAll(async () => {
  // Who may print is checked here, not the printing: a permitted GET /briefing.pdf would start a real
  // Chromium for each role where one is installed (as in CI), a render of seconds each.
  t = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium' })
  communityId = t.wall.reference.communities()[0]!.id
}, 60_000)
afterAll(async () => {
  await t.close()
})

/** A concrete URL for a declared route: every `:param` becomes an id that exists nowhere. */
const urlOf = (spec: RouteSpec) => `${t.url}/api/v1${spec.path.replace(/:[A-Za-z]+/g, 'NO-SUCH-ID')}`
const routes = () => t.wall.api.specs
const name = (spec: RouteSpec) => `${spec.method.toUpperCase()} ${spec.path}`

describe('every route declares who may call it', () => {
  it('refuses an anonymous caller on every route that is not public (read from the router itself)', async () => {
    const guarded = routes().filter((s) => s.permission !== 'public')
    expect(guarded.length).toBeGreaterThan(20)
    const answers = await Promise.all(guarded.map(async (s) => [name(s), (await request(urlOf(s), { method: s.method, body: s.method === 'get' ? undefined : {} })).status] as const))
    expect(answers.filter(([, status]) => status !== 401)).toEqual([])
  })

  it('leaves public only sign-in and the liveness probe', () => {
    expect(routes().filter((s) => s.permission === 'public').map(name).sort()).toEqual(['GET /health', 'POST /auth/display', 'POST /auth/login', 'POST /auth/terminal'])
  })

  it('refuses each role what its permissions do not cover, and lets through what they do', async () => {
    const scoped = { community_operator: { communityId }, unit_handler: { unitId: 'U01' }, grid_worker: { gridId: 'G01' } } as Record<string, object>
    const problems: string[] = []
    for (const role of Role.options) {
      const headers = await t.authHeaders(role, scoped[role] as never)
      for (const spec of routes()) {
        if (spec.permission === 'public' || spec.permission === 'authenticated') continue
        const allowed = PERMISSION_ROLES[spec.permission].includes(role)
        // An empty body and unknown ids: a permitted caller gets 404/422, never a change.
        const res = await request(urlOf(spec), { method: spec.method, headers, body: spec.method === 'get' ? undefined : {} })
        if (allowed && (res.status === 401 || res.status === 403)) problems.push(`${role} refused ${name(spec)} (${res.status})`)
        if (!allowed && res.status !== 403) problems.push(`${role} was not refused ${name(spec)} (${res.status})`)
      }
    }
    expect(problems).toEqual([])
  }, 60_000)

  it('records a refusal in the audit log', async () => {
    const wall = await t.authHeaders('wall_display')
    expect((await request(`${t.url}/api/v1/audit`, { headers: wall })).status).toBe(403)
    const admin = await t.authHeaders('admin')
    const log = await request(`${t.url}/api/v1/audit?action=access.denied`, { headers: admin })
    expect(log.status).toBe(200)
    expect(log.body['items']).toEqual(expect.arrayContaining([expect.objectContaining({ actorRole: 'wall_display', outcome: 'refused', target: 'GET /audit' })]))
  })
})

describe('every socket event declares who may send it', () => {
  it('refuses an anonymous handshake, so no event of the map can be sent anonymously', async () => {
    const anonymous = await handshake(t.url, {})
    expect(anonymous.error).toBe('UNAUTHENTICATED')
    const forged = await handshake(t.url, { authorization: 'Bearer not-a-token-anyone-was-given' })
    expect(forged.error).toBe('UNAUTHENTICATED')
  })

  it('refuses a signed-in socket an event its role lacks, with an ack and an audit entry', async () => {
    const { socket } = await handshake(t.url, await t.authHeaders('wall_display'))
    // The record is typed over the shared event map: every client event is in it.
    const events = Object.keys(SOCKET_EVENT_PERMISSIONS) as ClientEventName[]
    const refused = events.filter((e) => !PERMISSION_ROLES[SOCKET_EVENT_PERMISSIONS[e]].includes('wall_display'))
    expect(refused.length).toBeGreaterThan(0)
    try {
      for (const event of refused) {
        // Any payload: the permission is checked before the payload is looked at.
        const untyped = socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } }
        const ack = await untyped.timeout(3000).emitWithAck(event, {})
        expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      }
      const admin = await request(`${t.url}/api/v1/audit?action=socket.denied`, { headers: await t.authHeaders('admin') })
      expect(admin.body['items']).toEqual(expect.arrayContaining([expect.objectContaining({ actorRole: 'wall_display', target: refused[0] })]))
    } finally {
      socket?.close()
    }
  })
})
