/**
 * The server side of bench/relay.bench.ts, in its own process so the load client does not share
 * its event loop: `harness <originUrl> <cameras>` (the relay alone over N synthetic cameras) or
 * `app <originUrl> <dataDir>` (the whole wall server over the 562-camera demo registry).
 * Answers `{ type: 'stats' }` over IPC with memory (after a GC), relay and health figures.
 * The app requires a signed-in caller: its ready message carries an integration account's API
 * token (the harness lets every caller in as one test viewer and sends none).
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createApp } from '../server/src/app'
import { loadTestConfig } from '../server/src/testing/testConfig'
import type { CameraVideo } from '../server/src/cameras/cameraVideo'
import { startRelayHarness, testCamera } from '../server/src/cameras/relay/testing/relayHarness'

const [mode, originUrl, arg] = process.argv.slice(2) as [string, string, string]
let video: CameraVideo
let url: string
let close: () => Promise<void>
let token: string | null = null

if (mode === 'harness') {
  const cameras = Array.from({ length: Number(arg) }, (_, i) => `B${String(i).padStart(3, '0')}`).map((id) => testCamera(id, `${originUrl}/cameras/${id}/sub/index.m3u8`, `${originUrl}/cameras/${id}/main/index.m3u8`))
  const harness = await startRelayHarness({ cameras, env: { LOG_LEVEL: 'silent' } })
  video = harness.video
  url = harness.url
  close = () => harness.close()
} else {
  const env = { ...process.env, DATA_DIR: arg, CAMERA_ORIGIN_URL: originUrl, LOG_LEVEL: 'silent', SIM: '0', HEALTH_PROBE: '1',
    DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: `bench-${randomBytes(12).toString('base64url')}` }
  // The Gulou territory as main.ts hands it over with DEMO=1, its stream URLs on the bench's origin.
  const config = loadTestConfig(env)
  const wall = createApp({ config, print: () => undefined })
  const address: AddressInfo = await wall.listen(0, '127.0.0.1')
  const user = await wall.auth.createUser({ username: 'bench-viewer', displayName: 'relay bench', role: 'integration', password: null })
  token = wall.auth.issueApiToken(user.id, 86_400_000)
  video = wall.video
  url = `http://127.0.0.1:${address.port}`
  close = () => wall.close()
}

const gc = (globalThis as { gc?: () => void }).gc
process.on('message', (msg: { type: string }) => {
  if (msg.type !== 'stats') return
  gc?.()
  const m = process.memoryUsage()
  process.send?.({ type: 'stats', rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, relay: video.relay.stats(), health: video.health.counts(), passes: video.prober.passes })
})
process.once('SIGTERM', () => void close().finally(() => process.exit(0)))
process.send?.({ type: 'ready', url, token })
