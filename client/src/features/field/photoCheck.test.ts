import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES } from '@shared/schemas/photo'
import { checkPhoto, sniffImageType } from './photoCheck'

describe('checking a picked photo on the phone', () => {
  it('knows an image by its bytes, not its name', async () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    const html = new Blob(['<!doctype html><p>not a photo'], { type: 'image/jpeg' })
    expect(await checkPhoto(html, null)).toEqual({ ok: false, reason: 'not_image' })
  })
  it('refuses a file over 10 MB before reading it', async () => {
    const big = new Blob([new Uint8Array(MAX_PHOTO_BYTES + 1)])
    expect(await checkPhoto(big, null)).toEqual({ ok: false, reason: 'too_big' })
  })
  it('refuses an image that does not decode', async () => {
    const jpeg = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])])
    expect(await checkPhoto(jpeg, () => Promise.reject(new Error('broken')))).toEqual({ ok: false, reason: 'undecodable' })
    expect(await checkPhoto(jpeg, () => Promise.resolve({}))).toEqual({ ok: true, type: 'image/jpeg' })
  })
})
