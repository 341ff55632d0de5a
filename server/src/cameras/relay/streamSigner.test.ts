import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createStreamSigner, loadOrCreateRelayKey } from './streamSigner'

const grant = { cameraId: 'CAM-0001', quality: 'sub' as const, userId: 'anonymous' }

describe('stream link signatures', () => {
  it('accepts its own link and refuses another camera, quality or user, a tampered or a missing one', () => {
    const signer = createStreamSigner({ key: Buffer.alloc(32, 7), ttlMs: 60_000 })
    const link = signer.sign(grant)
    const q = { exp: String(link.exp), sig: link.sig }
    expect(signer.verify(grant, q)).toBe('ok')
    expect(signer.verify({ ...grant, cameraId: 'CAM-0002' }, q)).toBe('bad')
    expect(signer.verify({ ...grant, quality: 'main' }, q)).toBe('bad')
    expect(signer.verify({ ...grant, userId: 'someone' }, q)).toBe('bad')
    expect(signer.verify(grant, { ...q, exp: String(link.exp + 1) })).toBe('bad')
    // The first character is all signature bits (the last carries 2 unused ones: A and B there can decode alike).
    expect(signer.verify(grant, { ...q, sig: `${link.sig.startsWith('A') ? 'B' : 'A'}${link.sig.slice(1)}` })).toBe('bad')
    // The same bytes spelt with those unused bits set: not the link that was issued.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const respelt = `${link.sig.slice(0, -1)}${alphabet[alphabet.indexOf(link.sig.at(-1)!) + 1]}`
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(link.sig, 'base64url'))
    expect(signer.verify(grant, { ...q, sig: respelt })).toBe('bad')
    expect(signer.verify(grant, { exp: q.exp })).toBe('missing')
    expect(signer.verify(grant, { exp: [q.exp], sig: q.sig })).toBe('bad')
    expect(createStreamSigner({ key: Buffer.alloc(32, 8), ttlMs: 60_000 }).verify(grant, q)).toBe('bad')
  })

  it('tells an expired genuine link from a forged one', () => {
    let now = Date.parse('2026-05-01T00:00:00Z')
    const signer = createStreamSigner({ key: Buffer.alloc(32, 7), ttlMs: 60_000, now: () => now })
    const link = signer.sign(grant)
    now += 61_000
    expect(signer.verify(grant, { exp: String(link.exp), sig: link.sig })).toBe('expired')
    expect(signer.verify({ ...grant, cameraId: 'X' }, { exp: String(link.exp), sig: link.sig })).toBe('bad')
  })

  it('keeps its key in DATA_DIR so links survive a restart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-key-'))
    try {
      const link = createStreamSigner({ key: loadOrCreateRelayKey(dir), ttlMs: 60_000 }).sign(grant)
      const again = createStreamSigner({ key: loadOrCreateRelayKey(dir), ttlMs: 60_000 })
      expect(again.verify(grant, { exp: String(link.exp), sig: link.sig })).toBe('ok')
      expect(fs.statSync(path.join(dir, 'relay-signing.key')).mode & 0o077).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
