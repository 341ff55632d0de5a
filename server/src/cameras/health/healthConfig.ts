import { z } from 'zod'

const onOff = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected 1/0, true/false, yes/no or on/off' })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

/** Fleet health's environment variables; spread into the app's ConfigSchema. */
export const healthEnv = {
  /**
   * The background prober. Unset: on, except under a test runner (VITEST or NODE_ENV=test), where
   * the demo registry points at an origin that is not running; a test that wants it sets HEALTH_PROBE=1.
   */
  HEALTH_PROBE: onOff.optional(),
  /** Every camera is probed once within this period (a full pass). */
  HEALTH_PASS_MS: z.coerce
    .number({ message: 'expected a number of milliseconds' })
    .int('expected a whole number of milliseconds')
    .min(1000, 'expected at least 1000 ms')
    .max(3_600_000, 'expected at most 3600000 ms (an hour)')
    .default(60_000),
  /** Probes in flight at once. */
  HEALTH_CONCURRENCY: z.coerce.number({ message: 'expected a number' }).int('expected a whole number').min(1, 'expected at least 1').max(256, 'expected at most 256').default(8),
}

export interface HealthConfig {
  probe: boolean
  passMs: number
  concurrency: number
}

export function healthConfigFrom(
  c: { HEALTH_PROBE?: boolean | undefined; HEALTH_PASS_MS: number; HEALTH_CONCURRENCY: number },
  env: Record<string, string | undefined>,
): HealthConfig {
  const underTest = Boolean(env['VITEST'] ?? process.env['VITEST']) || (env['NODE_ENV'] ?? process.env['NODE_ENV']) === 'test'
  return { probe: c.HEALTH_PROBE ?? !underTest, passMs: c.HEALTH_PASS_MS, concurrency: c.HEALTH_CONCURRENCY }
}
