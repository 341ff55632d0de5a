import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, verifyPassword } from './passwords'

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('正确的口令 correct horse')
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(await verifyPassword('正确的口令 correct horse', stored)).toBe(true)
    expect(await verifyPassword('正确的口令 correct hors', stored)).toBe(false)
  })
  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'))
  })
  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', '')).toBe(false)
    expect(await verifyPassword('x', 'md5$abc')).toBe(false)
  })
  it('generates passwords that are never the same', () => {
    const seen = new Set(Array.from({ length: 200 }, generatePassword))
    expect(seen.size).toBe(200)
    for (const p of seen) expect(p).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/)
  })
})
