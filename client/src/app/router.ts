import { type Router, type RouterHistory, createRouter, createWebHistory } from 'vue-router'
import { useSessionStore } from '../stores/session'
import { landingPath } from './roleLanding'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable signed out (the sign-in page, not-found). */
    public?: boolean
  }
}

/** A name the server accepts for a wall (wallRoutes); anything else is not a wall page. */
const WALL_NAME = '[A-Za-z0-9_-]{1,64}'

/**
 * One page per product, each loaded when first visited so the wall's first bundle carries none of
 * the others. `/?view=tiles` (the bare tile grid the player tests and benches open) keeps working.
 */
export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      // Never shown: the guard below sends `/` where the signed-in user works.
      { path: '/', name: 'home', component: () => import('../pages/NotFoundPage.vue') },
      { path: '/signin', name: 'signin', component: () => import('../pages/SignInPage.vue'), meta: { public: true } },
      { path: `/wall/:name(${WALL_NAME})`, name: 'wall', component: () => import('../pages/WallPage.vue') },
      // A wall with no name: the one this user lands on (a display's own, or main).
      { path: '/wall', redirect: { name: 'home' } },
      { path: '/tiles', name: 'tiles', component: () => import('../pages/TilesPage.vue') },
      { path: '/desk', name: 'desk', component: () => import('../pages/DeskPage.vue') },
      // The field terminal signs people in on its own page (with the handset's terminal id), online or off.
      { path: '/m', name: 'terminal', component: () => import('../pages/TerminalPage.vue'), meta: { public: true } },
      { path: '/briefing', name: 'briefing', component: () => import('../pages/BriefingPage.vue') },
      { path: '/:rest(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue'), meta: { public: true } },
    ],
  })

  router.beforeEach(async (to) => {
    const session = useSessionStore()
    await session.ready()
    const user = session.user
    if (to.name === 'home' && to.query['view'] === 'tiles') return { name: 'tiles', query: to.query }
    if (to.name === 'home') return user ? landingPath(user) : { name: 'signin' }
    if (to.name === 'signin' && user) return safeRedirect(to.query['redirect']) ?? landingPath(user)
    if (!to.meta.public && !user) return { name: 'signin', query: { redirect: to.fullPath } }
    return true
  })
  return router
}

/** Only a path of this site, never `//elsewhere` or a full URL: a sign-in link must not send anyone away. */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null
}
