import type { BrowserContext } from 'playwright-core'

/**
 * Sign a browser context in as a wall display, the way a wall PC is set up: the display token is
 * posted once and the session cookie lives in the context's cookie jar from then on.
 */
export async function signInAsDisplay(context: BrowserContext, serverUrl: string, token: string): Promise<void> {
  const res = await context.request.post(`${serverUrl}/api/v1/auth/display`, { data: { token } })
  if (!res.ok()) throw new Error(`display sign-in failed: ${res.status()} ${await res.text()}`)
}

/** Sign a browser context in as a person with a password. */
export async function signInAs(context: BrowserContext, serverUrl: string, username: string, password: string): Promise<void> {
  const res = await context.request.post(`${serverUrl}/api/v1/auth/login`, { data: { username, password } })
  if (!res.ok()) throw new Error(`sign-in as ${username} failed: ${res.status()} ${await res.text()}`)
}
