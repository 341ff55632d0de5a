import path from 'node:path'
import { z } from 'zod'
import { flag, parseEnv } from '../config'
import { type OriginConfig, originConfigFrom, originEnv } from './origin/originConfig'

/** Environment variables only the demo reads: its simulated cameras and its simulation. */
export const DemoConfigSchema = z.object({
  /** CAMERA_ORIGIN_*, FLEET_*: the demo's simulated cameras; see origin/originConfig.ts. */
  ...originEnv,
  DEMO: flag.default(true),
  DATA_DIR: z.string().min(1).default('./data'),
  /** What the generated camera registry's stream URLs point at: the simulated origin. */
  CAMERA_ORIGIN_URL: z.url({ message: 'expected an http(s) URL' }).default('http://127.0.0.1:8091'),
  /** The demo simulation (reports and the whole loop through the API); unset: on when DEMO is. */
  SIM: flag.optional(),
  /** New simulated reports per minute; the default 20 is one every 3 s on average. */
  SIM_RATE: z.coerce.number({ message: 'expected reports per minute' }).positive('expected more than 0').max(6000).default(20),
  /** Days of history the simulation back-fills on first start (0: none). */
  SIM_BACKFILL_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(0).max(365).default(90),
})

export interface DemoConfig {
  origin: OriginConfig
  cameraOriginUrl: string
  /** Where the generated Gulou territory is written as an import folder. */
  referenceDir: string
  sim: { enabled: boolean; reportsPerMinute: number; backfillDays: number }
}

export function loadDemoConfig(env: Record<string, string | undefined> = process.env): DemoConfig {
  const c = parseEnv(DemoConfigSchema, env)
  const dataDir = path.resolve(c.DATA_DIR)
  return {
    origin: originConfigFrom(c, dataDir),
    cameraOriginUrl: c.CAMERA_ORIGIN_URL,
    referenceDir: path.join(dataDir, 'demo-reference'),
    sim: { enabled: c.SIM ?? c.DEMO, reportsPerMinute: c.SIM_RATE, backfillDays: c.SIM_BACKFILL_DAYS },
  }
}
