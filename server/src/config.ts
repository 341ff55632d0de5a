import path from 'node:path'
import { z } from 'zod'
import type { HolidayCalendar } from '@shared/timeLimits'
import { NewWallName } from '@shared/schemas/wallApi'
import { type HealthConfig, healthConfigFrom, healthEnv } from './cameras/health/healthConfig'
import { DEFAULT_HOLIDAYS, readHolidayFile } from './cases/holidayCalendar'
import { type RelayConfig, relayConfigFrom, relayEnv } from './cameras/relay/relayConfig'
import { type PdfConfig, pdfConfigFrom, pdfEnv } from './briefing/pdfConfig'
import { DISTRICT_SECRET_KEYS, type DistrictLinks, districtConfigFrom, districtEnv, districtEnvProblem } from './district/districtConfig'

export const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected 1/0, true/false, yes/no or on/off' })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a whole number')
  .min(0, 'expected 0-65535')
  .max(65535, 'expected 0-65535')

/**
 * Environment variables the product reads; each has a default so a bare `npm start` runs the demo.
 * The demo's own settings (simulated cameras, the simulation) are in demo/demoConfig.ts.
 */
export const ConfigSchema = z.object({
  /** RELAY_*: the stream relay (limits, timeouts, allowed upstream hosts); see cameras/relay/relayConfig.ts. */
  ...relayEnv,
  /** CHROMIUM_PATH, PDF_TIMEOUT_MS: the briefing's PDF; see briefing/pdfConfig.ts. */
  ...pdfEnv,
  /** HEALTH_*: the fleet health prober; see cameras/health/healthConfig.ts. */
  ...healthEnv,
  /** DISTRICT_URL, DISTRICT_TOKEN, STREETS: the district level (四级联动); see district/districtConfig.ts. */
  ...districtEnv,
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO: flag.default(true),
  REFERENCE_DIR: z.string().min(1).optional(),
  MAP_STYLE_URL: z.url({ message: 'expected an http(s) URL' }).optional(),
  CLIENT_DIR: z.string().min(1).default('./dist/client'),
  /** How many events a reconnecting wall may be behind and still catch up by replay rather than reload. */
  EVENT_REPLAY_LIMIT: z.coerce.number({ message: 'expected a number' }).int().min(1).max(1_000_000).default(5000),
  /** JSON `{ holidays: [YYYY-MM-DD…], workdays: [make-up days…] }`; the built-in calendar covers 2026-2027. */
  HOLIDAYS_FILE: z.string().min(1).optional(),
  /** How often the deadline ticker looks for cases turning at-risk or overdue. */
  DEADLINE_TICK_MS: z.coerce.number({ message: 'expected a number of milliseconds' }).int().min(100).max(3_600_000).default(15_000),
  /** Password of the `admin` account created on first start; unset: one is generated and printed once. */
  ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').max(256).optional(),
  /** One demo account per role on first start (duty, intake, dispatch, …); unset: on when DEMO is. */
  DEMO_ACCOUNTS: flag.optional(),
  /** Password of the demo accounts; unset: one is generated and printed once. */
  DEMO_PASSWORD: z.string().min(10, 'at least 10 characters').max(256).optional(),
  /** Mark the session cookie Secure: on when the wall is served over HTTPS (a TLS proxy in front). */
  COOKIE_SECURE: flag.default(false),
  /** Other origins (comma-separated) whose pages may open the socket, e.g. a console on another host. */
  ALLOWED_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url({ message: 'expected origins like https://console.example' })))
    .default([]),
  /** How long a new urgent case holds its nearest cameras on every wall unless acknowledged first. */
  ALARM_HOLD_SECONDS: z.coerce.number({ message: 'expected seconds' }).int().min(5).max(3600).default(300),
  /** How many cameras an alarm takes over (at most 4 tiles), and how far from the case they may be. */
  ALARM_CAMERAS: z.coerce.number({ message: 'expected a number of cameras' }).int().min(1).max(4).default(4),
  ALARM_RADIUS_M: z.coerce.number({ message: 'expected metres' }).int().min(50).max(5000).default(500),
  /** The walls that exist from start-up (comma-separated); an administrator may create more. */
  WALLS: z
    .string()
    .transform((v) => [...new Set(v.split(',').map((w) => w.trim()).filter(Boolean))])
    .pipe(z.array(NewWallName).min(1, 'name at least one wall'))
    .default(['main']),
  /** Days a field worker's position fix is kept before the hourly sweep deletes it (personal data). */
  POSITION_RETENTION_DAYS: z.coerce.number({ message: 'expected a number of days' }).int().min(1).max(366).default(30),
  /**
   * Whom an Open311 report is filed for when its client names nobody in X-On-Behalf-Of (FixMyStreet
   * and other stock clients cannot): `role/person`, e.g. `intake/intake` for the intake desk.
   */
  OPEN311_REPORT_FOR: z
    .string()
    .regex(/^[a-z_]+\/[A-Za-z0-9_-]{1,64}$/, 'expected role/person, e.g. intake/intake')
    .optional(),
})

export type Config = {
  relay: RelayConfig
  pdf: PdfConfig
  health: HealthConfig
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL']
  demo: boolean
  referenceDir: string | null
  mapStyleUrl: string | null
  clientDir: string
  eventReplayLimit: number
  holidays: HolidayCalendar
  deadlineTickMs: number
  alarm: { holdSeconds: number; cameras: number; radiusMeters: number }
  /** Walls created at start-up if missing (WALLS). */
  walls: string[]
  positions: { retentionDays: number }
  /** OPEN311_REPORT_FOR: the person a stock Open311 client's reports are filed for. */
  open311ReportFor: string | null
  /** This instance's district (on a street) and streets (on a district). */
  district: DistrictLinks
  auth: { adminPassword: string | null; demoAccounts: boolean; demoPassword: string | null; secureCookies: boolean; allowedOrigins: string[] }
}

const SECRET_KEYS = new Set<string>(['ADMIN_PASSWORD', 'DEMO_PASSWORD', ...DISTRICT_SECRET_KEYS])

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Read the variables a schema names from the environment; a bad value ends start-up with one
 * message naming each variable (secrets never echoed). The demo's config uses it too.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const known = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  )
  const parsed = schema.safeParse(known)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?')
      // A rejected password is still somebody's password: never echo it.
      const shown = SECRET_KEYS.has(key) ? '(hidden)' : JSON.stringify(env[key] ?? '')
      return `${key}=${shown}: ${issue.message}`
    })
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`)
  }
  return parsed.data
}

/** Parse once at start-up; a bad value ends start-up with one message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const c = parseEnv(ConfigSchema, env)
  const districtProblem = districtEnvProblem(c)
  if (districtProblem) throw new ConfigError(`Invalid configuration: ${districtProblem}`)
  let holidays = DEFAULT_HOLIDAYS
  if (c.HOLIDAYS_FILE) {
    try {
      holidays = readHolidayFile(path.resolve(c.HOLIDAYS_FILE))
    } catch (err) {
      throw new ConfigError(`Invalid configuration: HOLIDAYS_FILE=${JSON.stringify(c.HOLIDAYS_FILE)}: ${(err as Error).message}`)
    }
  }
  return {
    relay: relayConfigFrom(c),
    pdf: pdfConfigFrom(c),
    health: healthConfigFrom(c, env),
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.DATA_DIR),
    logLevel: c.LOG_LEVEL,
    demo: c.DEMO,
    referenceDir: c.REFERENCE_DIR ? path.resolve(c.REFERENCE_DIR) : null,
    mapStyleUrl: c.MAP_STYLE_URL ?? null,
    clientDir: path.resolve(c.CLIENT_DIR),
    eventReplayLimit: c.EVENT_REPLAY_LIMIT,
    holidays,
    deadlineTickMs: c.DEADLINE_TICK_MS,
    alarm: { holdSeconds: c.ALARM_HOLD_SECONDS, cameras: c.ALARM_CAMERAS, radiusMeters: c.ALARM_RADIUS_M },
    walls: c.WALLS,
    positions: { retentionDays: c.POSITION_RETENTION_DAYS },
    open311ReportFor: c.OPEN311_REPORT_FOR ?? null,
    district: districtConfigFrom(c),
    auth: {
      adminPassword: c.ADMIN_PASSWORD ?? null,
      demoAccounts: c.DEMO_ACCOUNTS ?? c.DEMO,
      demoPassword: c.DEMO_PASSWORD ?? null,
      secureCookies: c.COOKIE_SECURE,
      allowedOrigins: c.ALLOWED_ORIGINS,
    },
  }
}
