import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WebSocket } from 'ws'
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/browser'

/**
 * Chromium as a wall PC runs it: started on the wall's URL, with DevTools reached over a bare
 * protocol socket that enables only what the bench reads (Runtime, Log, Performance, Memory,
 * HeapProfiler). Playwright's page instrumentation enables the Network domain, whose agent keeps
 * up to ~200 MB of response bodies in the renderer for DevTools (a 16-tile wall fetches 1 MB of
 * video a second), so a renderer under Playwright grows by that buffer: the memory figure is read
 * here instead, the way the renderer behaves on the wall.
 */
/** One DevTools protocol socket: commands, and the events of the domains enabled on it. */
export interface CdpConnection {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>
  on(method: string, listener: (params: Record<string, unknown>) => void): void
  close(): void
}

export interface KioskPage extends CdpConnection {
  /** Runs `fn(arg)` in the page and returns its (JSON) result; a rejected promise rejects. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>
  /** Opens `url` and waits until that document has loaded (a fragment the page removes does not matter). */
  goto(url: string, timeoutMs?: number): Promise<void>
  /** Polls `fn(arg)` every 100 ms until it is truthy or `timeoutMs` passes. */
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, timeoutMs: number): Promise<void>
  /** Console errors and uncaught exceptions since the start. */
  readonly errors: string[]
}

export interface KioskChromium {
  pid: number
  page: KioskPage
  /** A socket on the browser target (Tracing, SystemInfo); the caller closes it. */
  browserSession(): Promise<CdpConnection>
  close(): Promise<void>
}

// tsx compiles with keepNames, so functions sent to the page call `__name`: the page gets a stand-in.
const KEEP_NAMES_SHIM = 'globalThis.__name ??= (fn) => fn'

/** Starts headless Chromium on about:blank, installs `initScripts` for every document, then opens `url`. */
export async function launchKiosk(url: string, viewport: { width: number; height: number }, initScripts: string[] = []): Promise<KioskChromium> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wall-kiosk-'))
  const child = spawn(chromiumPath(), [...CHROMIUM_FLAGS, '--headless', `--user-data-dir=${profile}`, '--remote-debugging-port=0', `--window-size=${viewport.width},${viewport.height}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const cleanup = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    fs.rmSync(profile, { recursive: true, force: true })
  }
  try {
    const endpoint = await devToolsEndpoint(child)
    const port = new URL(endpoint).port
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { type: string; webSocketDebuggerUrl: string }[]
    const target = targets.find((t) => t.type === 'page')
    if (!target) throw new Error('Chromium opened no page')
    const page = await connectPage(target.webSocketDebuggerUrl)
    for (const source of [KEEP_NAMES_SHIM, ...initScripts]) await page.send('Page.addScriptToEvaluateOnNewDocument', { source })
    await page.send('Emulation.setDeviceMetricsOverride', { width: viewport.width, height: viewport.height, deviceScaleFactor: 1, mobile: false })
    await page.send('Page.navigate', { url })
    return {
      pid: child.pid!,
      page,
      browserSession: () => connect(endpoint),
      async close() {
        page.close()
        await cleanup()
      },
    }
  } catch (cause) {
    await cleanup()
    throw cause
  }
}

function devToolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools endpoint: ${seen.slice(-500)}`)), 30_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString()
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}: ${seen.slice(-500)}`)))
  })
}

interface Reply {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: unknown
  error?: { message: string }
}

async function connect(wsUrl: string): Promise<CdpConnection> {
  const ws = new WebSocket(wsUrl, { maxPayload: 256 * 1024 * 1024 })
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  let next = 0
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, ((params: Record<string, unknown>) => void)[]>()
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as Reply
    if (msg.id !== undefined) {
      const waiter = pending.get(msg.id)
      pending.delete(msg.id)
      if (msg.error) waiter?.reject(new Error(msg.error.message))
      else waiter?.resolve(msg.result)
      return
    }
    for (const listener of (msg.method && listeners.get(msg.method)) || []) listener(msg.params ?? {})
  })
  ws.on('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('DevTools socket closed'))
    pending.clear()
  })
  return {
    send: <T>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++next
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify({ id, method, params }))
      }),
    on(method, listener) {
      listeners.set(method, [...(listeners.get(method) ?? []), listener])
    },
    close: () => ws.close(),
  }
}

async function connectPage(wsUrl: string): Promise<KioskPage> {
  const cdp = await connect(wsUrl)
  const errors: string[] = []
  cdp.on('Runtime.exceptionThrown', (params) => {
    const details = params['exceptionDetails'] as { text?: string; exception?: { description?: string } } | undefined
    errors.push(details?.exception?.description ?? details?.text ?? 'exception')
  })
  cdp.on('Runtime.consoleAPICalled', (params) => {
    if (params['type'] !== 'error') return
    const args = (params['args'] as { value?: unknown; description?: string }[] | undefined) ?? []
    errors.push(args.map((a) => (a.value !== undefined ? String(a.value) : (a.description ?? ''))).join(' '))
  })
  cdp.on('Log.entryAdded', (params) => {
    const entry = params['entry'] as { level: string; text: string; url?: string }
    if (entry.level === 'error') errors.push(`${entry.text} ${entry.url ?? ''}`.trim())
  })
  const send = cdp.send
  for (const domain of ['Page', 'Runtime', 'Log', 'Performance']) await send(`${domain}.enable`)

  const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    const reply = await send<{ result: { value?: R }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression: `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`,
      awaitPromise: true,
      returnByValue: true,
    })
    if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text)
    return reply.result.value as R
  }
  const waitForFunction = async <A>(fn: (arg: A) => unknown, arg: A, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (await evaluate(fn, arg).catch(() => false)) return
      if (Date.now() > deadline) throw new Error(`waitForFunction: not true within ${timeoutMs} ms: ${fn.toString().slice(0, 120)}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    ...cdp,
    errors,
    evaluate,
    waitForFunction,
    async goto(url, timeoutMs = 30_000) {
      await send('Page.navigate', { url })
      await waitForFunction((u) => location.href.split('#')[0] === u.split('#')[0] && document.readyState === 'complete', url, timeoutMs)
    },
  }
}
