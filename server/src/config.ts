import path from 'node:path'
import { z } from 'zod'

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected 1/0, true/false, yes/no or on/off' })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a whole number')
  .min(0, 'expected 0-65535')
  .max(65535, 'expected 0-65535')

/** Environment variables the server reads; each has a default so a bare `npm start` runs the demo. */
export const ConfigSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: flag.default(true),
  REFERENCE_DIR: z.string().min(1).optional(),
  MAP_STYLE_URL: z.url({ message: 'expected an http(s) URL' }).optional(),
  CAMERA_ORIGIN_URL: z.url({ message: 'expected an http(s) URL' }).default('http://127.0.0.1:8091'),
  CLIENT_DIR: z.string().min(1).default('./dist/client'),
  /** How many events a reconnecting wall may be behind and still catch up by replay rather than reload. */
  EVENT_REPLAY_LIMIT: z.coerce.number({ message: 'expected a number' }).int().min(1).max(1_000_000).default(5000),
})

export type Config = {
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL']
  demo: boolean
  referenceDir: string | null
  mapStyleUrl: string | null
  cameraOriginUrl: string
  clientDir: string
  eventReplayLimit: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Parse once at start-up; a bad value ends start-up with one message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  )
  const parsed = ConfigSchema.safeParse(known)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?')
      return `${key}=${JSON.stringify(env[key] ?? '')}: ${issue.message}`
    })
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`)
  }
  const c = parsed.data
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    demo: c.DEMO,
    referenceDir: c.REFERENCE_DIR ? path.resolve(c.REFERENCE_DIR) : null,
    mapStyleUrl: c.MAP_STYLE_URL ?? null,
    cameraOriginUrl: c.CAMERA_ORIGIN_URL,
    clientDir: path.resolve(c.CLIENT_DIR),
    eventReplayLimit: c.EVENT_REPLAY_LIMIT,
  }
}
