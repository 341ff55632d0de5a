/** Sign-in over HTTP, as a browser or an administrator's script does: for tests and benches against a running server. */
export interface Session {
  cookie: string
  csrfToken: string
  /** Headers for a state-changing request in this session. */
  headers: Record<string, string>
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { csrfToken: string }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  return { cookie, csrfToken: body.csrfToken, headers: { cookie, 'x-csrf-token': body.csrfToken, 'content-type': 'application/json' } }
}

/** As admin: create an integration account and issue it an API token. */
export async function integrationToken(baseUrl: string, adminPassword: string, username = `gateway-${Date.now().toString(36)}`): Promise<string> {
  const admin = await signIn(baseUrl, 'admin', adminPassword)
  const created = await fetch(`${baseUrl}/api/v1/users`, {
    method: 'POST',
    headers: admin.headers,
    body: JSON.stringify({ username, displayName: username, role: 'integration' }),
  })
  if (!created.ok) throw new Error(`creating ${username} failed: ${created.status} ${await created.text()}`)
  const { user } = (await created.json()) as { user: { id: string } }
  const issued = await fetch(`${baseUrl}/api/v1/users/${user.id}/tokens`, { method: 'POST', headers: admin.headers, body: JSON.stringify({ days: 1 }) })
  if (!issued.ok) throw new Error(`issuing a token failed: ${issued.status} ${await issued.text()}`)
  return ((await issued.json()) as { token: string }).token
}
