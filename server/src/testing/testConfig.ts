import { type Config, loadConfig } from '../config'
import { createLogger } from '../core/logger'
import { createDemo } from '../demo/startDemo'

/**
 * The config a test, bench or browser run gives createApp: loadConfig, plus (unless DEMO=0 or a
 * REFERENCE_DIR is named) the Gulou territory handed over as an import folder in DATA_DIR, exactly
 * as main.ts does with DEMO=1. Nothing else of the demo starts.
 */
export function loadTestConfig(env: Record<string, string | undefined>): Config {
  const config = loadConfig(env)
  return config.demo ? createDemo(config, createLogger('silent'), env).config : config
}
