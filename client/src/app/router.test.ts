import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { SessionUser } from '@shared/schemas/auth'
import { useSessionStore } from '../stores/session'
import { createAppRouter, safeRedirect } from './router'

const person = (over: Partial<SessionUser> = {}): SessionUser => ({ kind: 'user', id: 'u1', name: 'n', role: 'dispatcher', communityId: null, unitId: null, gridId: null, wall: null, ...over })

/** A router over memory history with the session already answered (signed in as `user`, or signed out). */
function routerFor(user: SessionUser | null) {
  const session = useSessionStore()
  session.user = user
  session.state = user ? 'signed-in' : 'signed-out'
  session.ready = () => Promise.resolve()
  return createAppRouter(createMemoryHistory())
}

async function land(user: SessionUser | null, path: string) {
  const router = routerFor(user)
  await router.push(path)
  return router.currentRoute.value
}

beforeEach(() => {
  setActivePinia(createPinia())
})

describe('the pages', () => {
  it('resolves each product to its page and anything else to not-found', () => {
    const router = routerFor(null)
    expect(router.resolve('/wall/left')).toMatchObject({ name: 'wall', params: { name: 'left' } })
    for (const [path, name] of [['/signin', 'signin'], ['/desk', 'desk'], ['/m', 'terminal'], ['/briefing', 'briefing'], ['/tiles', 'tiles']] as const) {
      expect(router.resolve(path).name).toBe(name)
    }
    for (const path of ['/nope', '/wall/a b', '/wall/left/extra', '/deskx']) expect(router.resolve(path).name).toBe('not-found')
  })

  it('sends a signed-out visitor to sign-in, keeping where they were going', async () => {
    expect(await land(null, '/wall/east')).toMatchObject({ name: 'signin', query: { redirect: '/wall/east' } })
    expect((await land(null, '/')).name).toBe('signin')
    expect((await land(null, '/nowhere')).name).toBe('not-found')
  })

  it('lands a signed-in user where their role works: the desk for its operators, the briefing for leaders, the field terminal for grid workers', async () => {
    expect((await land(person(), '/')).fullPath).toBe('/desk')
    expect((await land(person({ role: 'duty_chief' }), '/signin')).fullPath).toBe('/desk')
    expect((await land(person({ role: 'leader' }), '/')).fullPath).toBe('/briefing')
    expect((await land(person({ role: 'leader' }), '/signin')).fullPath).toBe('/briefing')
    expect((await land(person({ role: 'grid_worker' }), '/')).fullPath).toBe('/m')
    expect((await land(person({ kind: 'display', role: 'wall_display', wall: 'east' }), '/')).fullPath).toBe('/wall/east')
    expect((await land(person({ kind: 'display', role: 'wall_display', wall: 'east' }), '/wall')).fullPath).toBe('/wall/east')
    expect((await land(person(), '/signin?redirect=/wall/west')).fullPath).toBe('/wall/west')
    expect((await land(person(), '/signin?redirect=//evil.example')).fullPath).toBe('/desk')
  })

  it('keeps the bare tile grid at /?view=tiles', async () => {
    expect(await land(person(), '/?view=tiles&cameras=CAM001')).toMatchObject({ name: 'tiles', query: { view: 'tiles', cameras: 'CAM001' } })
  })
})

describe('the sign-in redirect', () => {
  it('follows only a path of this site', () => {
    expect(safeRedirect('/wall/east')).toBe('/wall/east')
    expect(safeRedirect('/desk?q=1')).toBe('/desk?q=1')
    expect(safeRedirect('//evil.example/x')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect(['/a'])).toBeNull()
    expect(safeRedirect(undefined)).toBeNull()
  })
})
