/**
 * The first-start bench's HTTP client: signs in like the sign-in page does (session cookie and
 * CSRF token) and asks the same endpoints a wall asks.
 */
export interface Session {
  /** A display token for a wall PC, as an administrator issues it. */
  displayToken(wall: string): Promise<string>
  /** True when the relay serves a playlist with at least one segment for the camera's sub stream. */
  playable(cameraId: string): Promise<boolean>
  /** Every camera id, less those the demo origin simulates as never online. */
  playableCameras(originPort: number): Promise<{ online: string[]; offlineByDesign: number }>
}

export async function signIn(base: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (!res.ok) throw new Error(`sign-in as ${username} answered ${res.status}: ${await res.text()}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  const get = async <T>(p: string): Promise<T> => {
    const r = await fetch(base + p, { headers: { cookie } })
    if (!r.ok) throw new Error(`GET ${p} answered ${r.status}`)
    return (await r.json()) as T
  }
  return {
    async displayToken(wall) {
      const r = await fetch(`${base}/api/v1/displays`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({ name: `bench ${wall}`, wall }),
      })
      if (!r.ok) throw new Error(`issuing a display token answered ${r.status}: ${await r.text()}`)
      return ((await r.json()) as { token: string }).token
    },
    async playable(cameraId) {
      try {
        const link = await get<{ url: string }>(`/api/v1/cameras/${encodeURIComponent(cameraId)}/stream?quality=sub`)
        const r = await fetch(base + link.url, { headers: { cookie }, signal: AbortSignal.timeout(20_000) })
        const text = await r.text()
        return r.ok && text.includes('#EXTINF')
      } catch {
        return false
      }
    },
    async playableCameras(originPort) {
      const { items } = await get<{ items: { id: string }[] }>('/api/v1/cameras')
      const status = (await (await fetch(`http://127.0.0.1:${originPort}/status`)).json()) as { offline: string[] }
      const offline = new Set(status.offline)
      return { online: items.map((c) => c.id).filter((id) => !offline.has(id)), offlineByDesign: items.filter((c) => offline.has(c.id)).length }
    },
  }
}
