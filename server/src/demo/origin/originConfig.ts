import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { SEGMENT_SECONDS } from '../fleet/clipStore'
import type { Preencode } from '../fleet/encodeQueue'
import { wholeNumber as whole } from '../../core/envNumber'


/** The simulated camera fleet and its origin (demo only); spread into the app's ConfigSchema. */
export const originEnv = {
  /** Port of the camera origin; CAMERA_ORIGIN_URL (what the registry's stream URLs point at) should match it. */
  CAMERA_ORIGIN_PORT: whole('port', 0, 65535).default(8091),
  /** Loopback by default: the relay reads the origin, browsers never do. */
  CAMERA_ORIGIN_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where encoded clips are cached; default `<DATA_DIR>/fleet`. Share one between checkouts to encode once. */
  FLEET_DIR: z.string().min(1).optional(),
  /** Loop length per camera. A multiple of 60 keeps the on-screen seconds true; anything else shows a loop timecode. */
  FLEET_LOOP_SECONDS: whole('seconds', 4, 600)
    .refine((v) => v % SEGMENT_SECONDS === 0, `expected a whole number of ${SEGMENT_SECONDS}-second segments`)
    .default(60),
  /** Encodes at a time; unset: one per CPU (at most 4). They run at low priority, so the server still answers first. */
  FLEET_ENCODE_CONCURRENCY: whole('encodes', 1, 8).optional(),
  /** What the background pass encodes after start: every clip, sub streams only, or nothing (each on first request). */
  FLEET_PREENCODE: z.enum(['all', 'sub', 'none'], { message: 'expected all, sub or none' }).default('sub'),
  /** Share of cameras that are always offline (0-1). */
  FLEET_OFFLINE_SHARE: z.coerce.number({ message: 'expected a share between 0 and 1' }).min(0, 'expected 0-1').max(1, 'expected 0-1').default(0.03),
  /** Cameras that go offline and come back, in turns of FLEET_FLAP_SECONDS. */
  FLEET_FLAPPING: whole('cameras', 0, 10_000).default(5),
  FLEET_FLAP_SECONDS: whole('seconds', 5, 86_400).default(180),
  /** Cameras whose playlist stops advancing for 4 of every 5 minutes (served, but frozen). */
  FLEET_STALLED: whole('cameras', 0, 10_000).default(2),
}

type OriginEnv = z.infer<z.ZodObject<typeof originEnv>>

export interface OriginConfig {
  port: number
  host: string
  fleetDir: string
  loopSeconds: number
  encodeConcurrency: number
  preencode: Preencode
  offlineShare: number
  flapping: number
  flapSeconds: number
  stalled: number
}

export function originConfigFrom(c: OriginEnv, dataDir: string): OriginConfig {
  return {
    port: c.CAMERA_ORIGIN_PORT,
    host: c.CAMERA_ORIGIN_HOST,
    fleetDir: c.FLEET_DIR ? path.resolve(c.FLEET_DIR) : path.join(dataDir, 'fleet'),
    loopSeconds: c.FLEET_LOOP_SECONDS,
    encodeConcurrency: c.FLEET_ENCODE_CONCURRENCY ?? Math.max(1, Math.min(4, os.availableParallelism())),
    preencode: c.FLEET_PREENCODE,
    offlineShare: c.FLEET_OFFLINE_SHARE,
    flapping: c.FLEET_FLAPPING,
    flapSeconds: c.FLEET_FLAP_SECONDS,
    stalled: c.FLEET_STALLED,
  }
}
