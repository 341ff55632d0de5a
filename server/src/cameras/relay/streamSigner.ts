import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { StreamQuality } from '@shared/schemas/api'


const KEY_FILE = 'relay-signing.key'
const SIG = /^[A-Za-z0-9_-]{43}$/
const EXP = /^\d{1,12}$/

export interface StreamGrant {
  cameraId: string
  quality: StreamQuality
  userId: string
}

export interface SignedLink {
  /** Unix seconds. */
  exp: number
  sig: string
}

/** `missing` and `bad` answer 403 (no difference is revealed); `expired` (genuine but late) answers 410. */
export type Verdict = 'ok' | 'missing' | 'bad' | 'expired'

export interface StreamSigner {
  sign(grant: StreamGrant): SignedLink
  verify(grant: StreamGrant, query: { exp?: unknown; sig?: unknown }): Verdict
}

/**
 * The link secret: random per install and kept in DATA_DIR, so a restart keeps links valid until
 * they expire. Created with O_EXCL so two processes starting together agree on one key.
 */
export function loadOrCreateRelayKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE)
  fs.mkdirSync(dataDir, { recursive: true })
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex')
  if (key.length < 32) throw new Error(`${file} does not hold a 32-byte hex key; delete it to have a new one made (issued stream links stop working)`)
  return key
}

/** HMAC-SHA256 over version, camera, quality, user and expiry: a link for one camera opens nothing else. */
export function createStreamSigner(opts: { key: Buffer; ttlMs: number; now?: () => number }): StreamSigner {
  const now = opts.now ?? Date.now
  const mac = (g: StreamGrant, exp: number) =>
    createHmac('sha256', opts.key).update(`v1\n${g.cameraId}\n${g.quality}\n${g.userId}\n${exp}`).digest()

  return {
    sign(grant) {
      const exp = Math.floor((now() + opts.ttlMs) / 1000)
      return { exp, sig: mac(grant, exp).toString('base64url') }
    },
    verify(grant, query) {
      const { exp, sig } = query
      if (exp === undefined || sig === undefined || exp === '' || sig === '') return 'missing'
      if (typeof exp !== 'string' || typeof sig !== 'string' || !EXP.test(exp) || !SIG.test(sig)) return 'bad'
      const expected = mac(grant, Number(exp))
      const given = Buffer.from(sig, 'base64url')
      // One spelling per link: the last of 43 characters carries 2 unused bits, so 4 spellings decode alike.
      if (given.length !== expected.length || given.toString('base64url') !== sig || !timingSafeEqual(given, expected)) return 'bad'
      // Checked after the signature, so a forged link learns nothing about expiry.
      return Number(exp) * 1000 <= now() ? 'expired' : 'ok'
    },
  }
}
