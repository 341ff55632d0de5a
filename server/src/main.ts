import { createApp } from './app'
import { type CameraOrigin, startCameraOrigin } from './demo/origin/startCameraOrigin'
import { ConfigError, loadConfig } from './config'
import { createLogger } from './core/logger'

/** Start the wall server from the environment; the only module with side effects at start. */
export async function main(): Promise<void> {
  const startedAt = performance.now()
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const log = createLogger(config.logLevel)
  const wall = createApp({ config, logger: log })
  // The demo's simulated cameras listen before the wall does, so the relay finds them from the start.
  let origin: CameraOrigin | null = null
  if (config.demo) {
    try {
      origin = await startCameraOrigin({ config, logger: log.child({ component: 'camera-origin' }), registry: wall.reference })
    } catch (err) {
      log.error({ err: (err as Error).message }, `camera origin could not start on ${config.origin.host}:${config.origin.port}; the demo cameras stay offline unless another origin already serves that address`)
    }
  }
  const address = await wall.listen(config.port, config.host)
  log.info(
    { port: address.port, host: config.host, startMs: Math.round(performance.now() - startedAt) },
    `wall server listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`,
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down: closing connections and the store')
    const force = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting anyway')
      process.exit(1)
    }, 10_000)
    force.unref()
    Promise.all([wall.close(), origin?.close()]).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

const entry = process.argv[1]
if (entry && import.meta.url === new URL(`file://${entry}`).href) {
  void main()
}
