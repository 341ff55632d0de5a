import { createApp } from './app'
import type { Demo } from './demo/startDemo'
import { ConfigError, loadConfig } from './config'
import { createLogger } from './core/logger'

/** Start the wall server from the environment; the only module with side effects at start. */
export async function main(): Promise<void> {
  const startedAt = performance.now()
  let config
  let log
  // The demo is loaded only when asked for: the product never imports it.
  let demo: Demo | null = null
  try {
    config = loadConfig()
    log = createLogger(config.logLevel)
    if (config.demo) demo = (await import('./demo/startDemo')).createDemo(config, log)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const wall = createApp({ config: demo?.config ?? config, logger: log })
  await demo?.startCameras(wall)
  const address = await wall.listen(config.port, config.host)
  log.info(
    { port: address.port, host: config.host, startMs: Math.round(performance.now() - startedAt) },
    `wall server listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`,
  )
  await demo?.startSimulation(wall, address)

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
    // The demo first: its simulation talks to this server and writes to its store.
    Promise.resolve(demo?.close())
      .then(() => wall.close())
      .then(
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
