import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Case } from '@shared/schemas/case'
import { EventsPage } from '@shared/schemas/caseApi'
import { generateGulou } from '../demo/gulou/generateGulou'
import { writeReferenceFolder } from '../demo/gulou/writeReferenceFolder'
import { allCases, caller, demoFacts, reportBody } from './caseTestHelpers'
import { integrationToken } from '../testing/httpAuth'

/**
 * kill -9 of the server during a stream of retried ingests loses no acknowledged case and
 * creates no duplicate. The server is the real entry point in its own process; clients retry each
 * report with its own Idempotency-Key until it is acknowledged, across the crashes.
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-durability-'))
// The Gulou territory as an import folder (DEMO=0): no simulation, no simulated cameras, only the case engine.
const referenceDir = path.join(dataDir, 'reference')
let child: ChildProcess | null = null

afterAll(() => {
  child?.kill('SIGKILL')
  fs.rmSync(dataDir, { recursive: true, force: true })
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

const ADMIN = 'durability-admin-password'

async function start(port: number): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO: '0',
      REFERENCE_DIR: referenceDir,
      HEALTH_PROBE: '0',
      ADMIN_PASSWORD: ADMIN,
    },
    stdio: 'ignore',
  })
  const end = Date.now() + 45_000
  while (Date.now() < end) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the server did not come up')
}

function kill9(): Promise<void> {
  const c = child
  child = null
  if (!c || c.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    c.once('exit', () => resolve())
    c.kill('SIGKILL')
  })
}

describe('durability', () => {
  it('loses no acknowledged case and creates no duplicate across kill -9 and restart', async () => {
    writeReferenceFolder(generateGulou(), referenceDir)
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    await start(port)
    const token = await integrationToken(base, ADMIN)
    const call = caller(base, token)
    const facts = await demoFacts(call)

    const REPORTS = 600
    const CLIENTS = 16
    const acked = new Map<string, Case>()
    let attempts = 0
    let next = 0
    let done = false

    /** One report, retried with the same key and body until the server acknowledges it. */
    async function deliver(i: number): Promise<void> {
      const key = `durability-${i}`
      const body = JSON.stringify(reportBody(facts, { title: `持久性 ${i}`, location: facts.grids[i % facts.grids.length]!.point }))
      for (;;) {
        attempts++
        try {
          const res = await fetch(`${base}/api/v1/cases`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-on-behalf-of': 'grid_worker/W0001', 'idempotency-key': key },
            body,
            signal: AbortSignal.timeout(5000),
          })
          if (res.status === 201 || res.status === 200) {
            acked.set(key, Case.parse(await res.json()))
            return
          }
          // Anything else is not an acknowledgement; a 4xx would be a bug in this test.
          expect(res.status, await res.text()).toBeGreaterThanOrEqual(500)
        } catch (err) {
          if ((err as Error).name === 'AssertionError') throw err
          // Connection refused or reset while the server is down: retry.
        }
        await new Promise((r) => setTimeout(r, 25))
      }
    }
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (next < REPORTS) await deliver(next++)
    })

    // Two crashes in mid-stream, each followed by a restart on the same store.
    const crashes = (async () => {
      for (const after of [150, 400]) {
        while (acked.size < after) await new Promise((r) => setTimeout(r, 5))
        await kill9()
        await start(port)
      }
      done = true
    })()
    await Promise.all([...clients, crashes])
    expect(done).toBe(true)
    expect(attempts).toBeGreaterThan(REPORTS) // some requests really did fail and were retried

    // Every acknowledged case is there, once, as acknowledged; nothing else is.
    const { cases } = await allCases(call)
    expect(acked.size).toBe(REPORTS)
    expect(cases).toHaveLength(REPORTS)
    const byId = new Map(cases.map((c) => [c.id, c]))
    for (const [key, c] of acked) {
      expect(byId.get(c.id), key).toMatchObject({ id: c.id, code: c.code, title: c.title })
    }
    expect(new Set(cases.map((c) => c.title)).size).toBe(REPORTS)
    expect(new Set(cases.map((c) => c.code)).size).toBe(REPORTS)

    // The event stream survived too: one event per case, numbered without gaps.
    const events = EventsPage.parse((await call('GET', '/api/v1/events?since=0&limit=5000')).body)
    expect(events.events.map((e) => e.seq)).toEqual(Array.from({ length: events.lastSeq }, (_v, i) => i + 1))
    expect(events.events.filter((e) => e.type === 'reported')).toHaveLength(REPORTS)
    await kill9()
  }, 60_000)
})
