import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@shared/roles'
import { type WallApp, createApp } from '../app'
import { createDelegablePeople } from '../testing/testApp'
import { loadTestConfig } from '../testing/testConfig'
import type { DistrictLinks } from './districtConfig'
import type { DistrictOptions } from './districtDomain'

/** One instance of the product for the district tests: its links can be changed while it runs. */
export interface Peer {
  wall: WallApp
  url: string
  links: DistrictLinks
  /** A fresh integration account of this instance and its API token: what this instance gives the other. */
  integrationToken(username: string): Promise<string>
  tokenFor(role: Role): Promise<string>
  call(method: 'GET' | 'POST', route: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read bodies loosely, then assert
  count(sql: string, ...args: unknown[]): number
  close(): Promise<void>
}

/**
 * The real app on a loopback port with its own DATA_DIR, like startTestApp, but with the district
 * options of createApp (links read on every send, the sender's clock) that startTestApp does not take.
 */
export async function startPeer(options: Omit<DistrictOptions, 'links'> = {}): Promise<Peer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-district-test-'))
  const config = loadTestConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: `test-admin-${Math.random().toString(36).slice(2)}` })
  const links: DistrictLinks = { upstream: null, streets: [] }
  const wall = createApp({ config, print: () => undefined, district: { ...options, links: () => links } })
  const { port } = await wall.listen(0, '127.0.0.1')
  createDelegablePeople(wall)
  const url = `http://127.0.0.1:${port}`
  let n = 0
  const issue = async (role: Role, username: string) => {
    const user = await wall.auth.createUser({ username, displayName: username, role, password: null })
    return wall.auth.issueApiToken(user.id, 86_400_000)
  }
  const roleTokens = new Map<Role, Promise<string>>()
  const tokenFor = (role: Role) => {
    if (!roleTokens.has(role)) roleTokens.set(role, issue(role, `t-${role.replace(/_/g, '-')}-${++n}`))
    return roleTokens.get(role)!
  }
  return {
    wall,
    url,
    links,
    integrationToken: (username) => issue('integration', username),
    tokenFor,
    async call(method, route, opts = {}) {
      const token = opts.token === undefined ? await tokenFor('duty_chief') : opts.token
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...opts.headers }
      if (opts.body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(`${url}${route}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) })
      return { status: res.status, body: (await res.json()) as unknown }
    },
    count: (sql, ...args) => (wall.db.prepare(sql).get(...args) as { n: number }).n,
    async close() {
      await wall.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type ProxyMode = 'pass' | 'down' | 'lose-answers'

/**
 * A loopback TCP proxy in front of one instance, to cut the network between two: `down` refuses
 * connections; `lose-answers` lets the request through and cuts the connection as the answer
 * starts, so the receiver has stored the message and the sender never learns it.
 */
export async function startProxy(targetPort: number): Promise<{ url: string; mode(m: ProxyMode): void; close(): Promise<void> }> {
  let mode: ProxyMode = 'pass'
  const sockets = new Set<net.Socket>()
  const track = (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }
  const server = net.createServer((client) => {
    track(client)
    if (mode === 'down') return void client.destroy()
    const upstream = net.connect(targetPort, '127.0.0.1')
    track(upstream)
    const dropAnswer = mode === 'lose-answers'
    client.pipe(upstream)
    upstream.on('data', (chunk) => {
      if (dropAnswer) {
        client.destroy()
        upstream.destroy()
      } else client.write(chunk)
    })
    upstream.on('end', () => client.end())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    mode(m) {
      mode = m
      // Keep-alive connections opened before the cut must not carry traffic past it.
      for (const s of sockets) s.destroy()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** A manual clock for the sender: sign-for delays and backoff waits become exact. */
export function manualClock(start = Date.parse('2026-03-02T02:00:00.000Z')) {
  let at = start
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) }
}
