import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { distanceMeters } from '@shared/geometry'
import { Case } from '@shared/schemas/case'
import type { LngLat } from '@shared/schemas/geo'
import { PhotoReceipt } from '@shared/schemas/photo'
import { type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'
import { beijingClock } from './photoWatermark'

let t: TestApp
let facts: DemoFacts
let worker: Record<string, string>
let photosDir: string

beforeAll(async () => {
  t = await startTestApp()
  facts = await demoFacts(caller(t.url, await t.tokenFor('integration')))
  worker = await t.authHeaders('grid_worker', { gridId: facts.grids[0]!.id })
  photosDir = path.join(t.dataDir, 'photos')
}, 120_000)
afterAll(async () => {
  await t.close()
})

/** EXIF writes rationals as text for libvips: degrees, minutes and seconds of a coordinate. */
const dms = (deg: number) => {
  const a = Math.abs(deg)
  const d = Math.floor(a)
  const m = Math.floor((a - d) * 60)
  const s = Math.round(((a - d) * 60 - m) * 60 * 1000)
  return `${d}/1 ${m}/1 ${s}/1000`
}

interface Shot {
  width?: number
  height?: number
  /** When the photo was taken; written as the phone does, Beijing wall-clock time without a zone. */
  capturedAt?: Date
  place?: LngLat
  orientation?: number
}

/** A JPEG with some detail in it (so a watermark shows against it), and the EXIF a phone writes. */
async function photo(shot: Shot = {}): Promise<Buffer> {
  const { width = 1200, height = 800 } = shot
  const scene = `<svg width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#6a8"/><circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="#c84"/></svg>`
  const ifd2 = shot.capturedAt ? { DateTimeOriginal: beijingClock(shot.capturedAt.toISOString()).replace(/-/g, ':') } : undefined
  const ifd3 = shot.place ? { GPSLatitudeRef: 'N', GPSLatitude: dms(shot.place.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(shot.place.lng) } : undefined
  let image = sharp(Buffer.from(scene)).jpeg({ quality: 85 })
  if (ifd2 || ifd3) image = image.withExif({ IFD0: { Make: 'TestPhone' }, ...(ifd2 ? { IFD2: ifd2 } : {}), ...(ifd3 ? { IFD3: ifd3 } : {}) })
  if (shot.orientation) image = image.withMetadata({ orientation: shot.orientation })
  return image.toBuffer()
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)
/** A point `metres` east of `p`. */
const eastOf = (p: LngLat, metres: number): LngLat => ({ lng: p.lng + metres / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat })

async function upload(bytes: Buffer, fields: Record<string, string> = {}, headers: Record<string, string> = worker, name = 'photo.jpg') {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name)
  const res = await fetch(`${t.url}/api/v1/photos`, { method: 'POST', headers, body: form })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } }, headers: res.headers }
}

async function uploaded(bytes: Buffer, fields: Record<string, string> = {}, headers: Record<string, string> = worker): Promise<PhotoReceipt> {
  const res = await upload(bytes, fields, headers)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return PhotoReceipt.parse(res.body)
}

const here = () => facts.grids[0]!.point
const at = (p: LngLat) => ({ lng: String(p.lng), lat: String(p.lat) })

async function copy(url: string, headers = worker) {
  const res = await fetch(`${t.url}${url}`, { headers })
  return { res, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Mean absolute difference per channel value between two same-sized raw images, over rows [from, to). */
function meanDiff(a: Buffer, b: Buffer, rowBytes: number, from: number, to: number): number {
  let sum = 0
  for (let i = from * rowBytes; i < to * rowBytes; i++) sum += Math.abs(a[i]! - b[i]!)
  return sum / ((to - from) * rowBytes)
}

describe('uploading a photo', () => {
  it('answers 201 with the receipt, and serves it, an upright thumbnail without metadata and a watermarked copy', async () => {
    const original = await photo({ capturedAt: minutesAgo(2), place: here() })
    const res = await upload(original, at(here()))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const receipt = PhotoReceipt.parse(res.body)
    expect(receipt).toMatchObject({ bytes: original.length, width: 1200, height: 800, flags: [], thumbUrl: `/api/v1/photos/${receipt.id}/thumb`, evidenceUrl: `/api/v1/photos/${receipt.id}/evidence` })
    expect(res.headers.get('location')).toBe(`/api/v1/photos/${receipt.id}`)
    expect(Math.abs(Date.parse(receipt.capturedAt!) - minutesAgo(2).getTime())).toBeLessThan(5_000)
    expect(distanceMeters(receipt.capturedPlace!, here())).toBeLessThan(1)

    const again = await fetch(`${t.url}/api/v1/photos/${receipt.id}`, { headers: await t.authHeaders('wall_display') })
    expect(PhotoReceipt.parse(await again.json())).toEqual(receipt)

    const thumb = await copy(receipt.thumbUrl)
    expect(thumb.res.headers.get('content-type')).toBe('image/jpeg')
    expect(thumb.res.headers.get('cache-control')).toMatch(/^private, max-age=\d{7,}/)
    const thumbMeta = await sharp(thumb.bytes).metadata()
    expect([thumbMeta.width, thumbMeta.height]).toEqual([320, 213])
    expect(thumbMeta.exif).toBeUndefined()
    expect(thumb.bytes.includes(Buffer.from('Exif\0'))).toBe(false)

    const evidence = await copy(receipt.evidenceUrl)
    expect(evidence.res.headers.get('content-type')).toBe('image/jpeg')
    const stamped = await sharp(evidence.bytes).raw().toBuffer({ resolveWithObject: true })
    expect([stamped.info.width, stamped.info.height]).toEqual([1200, 800])
    expect((await sharp(evidence.bytes).metadata()).exif).toBeUndefined()
    // The same picture where the watermark is not, a different one along the bottom where it is.
    const plain = await sharp(original).rotate().raw().toBuffer()
    const rowBytes = 1200 * 3
    expect(meanDiff(stamped.data, plain, rowBytes, 0, 600)).toBeLessThan(4)
    expect(meanDiff(stamped.data, plain, rowBytes, 720, 800)).toBeGreaterThan(20)
  })

  it('turns an EXIF-rotated photo upright: width and height swap', async () => {
    const receipt = await uploaded(await photo({ width: 600, height: 400, orientation: 6 }))
    expect([receipt.width, receipt.height]).toEqual([400, 600])
    const thumb = await sharp((await copy(receipt.thumbUrl)).bytes).metadata()
    expect([thumb.width, thumb.height, thumb.orientation]).toEqual([213, 320, undefined])
    const evidence = await sharp((await copy(receipt.evidenceUrl)).bytes).metadata()
    expect([evidence.width, evidence.height]).toEqual([400, 600])
  })

  it('flags a gallery photo, one taken far from the place, and one that says nothing of either', async () => {
    expect((await uploaded(await photo({ capturedAt: minutesAgo(120), place: here() }), at(here()))).flags).toEqual(['gallery'])
    expect((await uploaded(await photo({ capturedAt: minutesAgo(1), place: eastOf(here(), 1000) }), at(here()))).flags).toEqual(['far'])
    expect((await uploaded(await photo({ capturedAt: minutesAgo(1), place: eastOf(here(), 100) }), at(here()))).flags).toEqual([])
    expect((await uploaded(await photo())).flags).toEqual(['no_time', 'no_place'])
  })

  it("compares with the case's location when the upload names a case", async () => {
    const report = await fetch(`${t.url}/api/v1/cases`, { method: 'POST', headers: { ...worker, 'content-type': 'application/json' }, body: JSON.stringify(reportBody(facts)) })
    const c = Case.parse(await report.json())
    const far = await uploaded(await photo({ capturedAt: minutesAgo(1), place: eastOf(c.location, 800) }), { caseId: c.id })
    expect(far.flags).toEqual(['far'])
    expect((await upload(await photo(), { caseId: 'NO-SUCH-CASE' })).body.error?.message).toMatch(/caseId: no case NO-SUCH-CASE/)
  })

  it('answers a retry with the same idempotency key with the first receipt (200), and refuses the key for other bytes', async () => {
    const bytes = await photo({ capturedAt: minutesAgo(1) })
    const idempotencyKey = crypto.randomUUID()
    const first = await upload(bytes, { idempotencyKey })
    expect(first.status).toBe(201)
    const rows = count()
    const retry = await upload(bytes, { idempotencyKey })
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    expect(count()).toBe(rows)
    const other = await upload(await photo({ width: 640, height: 480 }), { idempotencyKey })
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_MISMATCH'])
  })

  it('answers 404 for a photo that does not exist', async () => {
    for (const url of ['/api/v1/photos/ph_000000000000000000000000', '/api/v1/photos/NO-SUCH-PHOTO/thumb', '/api/v1/photos/ph_000000000000000000000000/evidence']) {
      expect((await fetch(`${t.url}${url}`, { headers: worker })).status).toBe(404)
    }
  })
})

function count(): number {
  return (t.wall.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n
}

/** A PNG whose header claims a size its few bytes never hold: what a decompression bomb looks like to a decoder. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(zlib.crc32(body), body.length + 4)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))])
}

/** Every file under the photo folder and every row: what a refusal must leave unchanged. */
function stored(): { files: string[]; rows: number } {
  const files = fs.existsSync(photosDir) ? (fs.readdirSync(photosDir, { recursive: true }) as string[]).sort() : []
  return { files, rows: count() }
}

describe('refusals store nothing', () => {
  let before: ReturnType<typeof stored>
  beforeAll(async () => {
    await uploaded(await photo())
    before = stored()
  })
  const refused = (status: number, res: { status: number; body: { error?: { message: string } } }, message?: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    if (message) expect(res.body.error?.message).toMatch(message)
    expect(stored()).toEqual(before)
  }

  it('refuses an HTML page named .jpg, a truncated JPEG and six bytes that only look like one (422, with the reason)', async () => {
    refused(422, await upload(Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), {}, worker, 'evil.jpg'), /decodes whole.*unsupported image format/)
    const whole = await photo()
    refused(422, await upload(whole.subarray(0, Math.floor(whole.length / 2))), /decodes whole.*premature end of JPEG/)
    refused(422, await upload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])), /decodes whole/)
  })

  it('refuses a decompression bomb: a small PNG that claims 3.6 billion pixels (422, naming the limit)', async () => {
    refused(422, await upload(pngClaiming(60_000, 60_000), {}, worker, 'bomb.png'), /50 MP.*pixel limit/)
  })

  it('refuses a 30 MB file with 413 naming the limit', async () => {
    const huge = Buffer.concat([(await photo()).subarray(0, 4), Buffer.alloc(30 * 1024 * 1024, 7)])
    refused(413, await upload(huge), /larger than 10 MB/)
  })

  it('refuses a body that is not multipart, or carries no file, or a field the contract lacks (422)', async () => {
    const json = await fetch(`${t.url}/api/v1/photos`, { method: 'POST', headers: { ...worker, 'content-type': 'application/json' }, body: '{}' })
    refused(422, { status: json.status, body: (await json.json()) as { error?: { message: string } } }, /multipart\/form-data/)
    const form = new FormData()
    form.append('caseId', 'X')
    const empty = await fetch(`${t.url}/api/v1/photos`, { method: 'POST', headers: worker, body: form })
    refused(422, { status: empty.status, body: (await empty.json()) as { error?: { message: string } } }, /no photo/)
    refused(422, await upload(await photo(), { owner: 'me' }), /owner/)
    refused(422, await upload(await photo(), { lng: '116.4' }), /both lng and lat/)
  })

  it('refuses an anonymous caller (401) and a role that may not upload (403)', async () => {
    refused(401, await upload(await photo(), {}, {}))
    refused(403, await upload(await photo(), {}, await t.authHeaders('wall_display')))
    refused(403, await upload(await photo(), {}, await t.authHeaders('admin')))
  })
})

describe('a case naming its photos', () => {
  const report = async (headers: Record<string, string>, photos: string[]) => {
    const res = await fetch(`${t.url}/api/v1/cases`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(reportBody(facts, { photos })) })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { message: string } } }
  }
  const caseOf = (id: string) => (t.wall.db.prepare('SELECT case_id FROM photos WHERE id = ?').get(id) as { case_id: string | null }).case_id

  it("refuses a photo id someone else uploaded (422 naming it), and records the case on the reporter's own", async () => {
    const mine = await uploaded(await photo())
    const someoneElse = await t.authHeaders('grid_worker', { gridId: facts.grids[1]!.id })
    const refused = await report(someoneElse, [mine.id])
    expect(refused.status).toBe(422)
    expect(refused.body.error?.message).toContain(mine.id)
    expect(caseOf(mine.id)).toBeNull()
    expect((await report(worker, ['ph_0123456789abcdef01234567'])).status).toBe(422)

    const filed = await report(worker, [mine.id, 'sim/old-client-photo.jpg'])
    expect(filed.status, JSON.stringify(filed.body)).toBe(201)
    const c = Case.parse(filed.body)
    expect(caseOf(mine.id)).toBe(c.id)
  })

  it('takes the photos an integration uploaded for the person it reports for', async () => {
    const gateway = { authorization: `Bearer ${await t.tokenFor('integration')}`, 'x-on-behalf-of': 'grid_worker/grid_worker-1' }
    const receipt = await uploaded(await photo(), {}, gateway)
    expect(receipt.uploadedBy).toBe('grid_worker-1')
    const filed = await report(gateway, [receipt.id])
    expect(filed.status, JSON.stringify(filed.body)).toBe(201)
    expect(caseOf(receipt.id)).toBe(Case.parse(filed.body).id)
  })

  it('refuses a transition naming a photo its actor did not upload, before the case moves', async () => {
    const mine = await uploaded(await photo())
    const call = caller(t.url, await t.tokenFor('integration'))
    const c = Case.parse((await report(worker, [])).body)
    const res = await call('POST', `/api/v1/cases/${c.id}/transitions`, { as: 'intake', body: { action: 'file', version: c.version, photos: [mine.id] } })
    expect([res.status, (res.body as { error?: { message: string } }).error?.message]).toEqual([422, expect.stringContaining(mine.id) as string])
    expect(Case.parse((await call('GET', `/api/v1/cases/${c.id}`)).body).version).toBe(c.version)
    expect(caseOf(mine.id)).toBeNull()
  })

  it('takes at most 9 photo ids in one report', async () => {
    const ten = Array.from({ length: 10 }, (_x, i) => `ph_${String(i).padStart(24, '0')}`)
    const res = await report(worker, ten)
    expect([res.status, res.body.error?.message]).toEqual([422, expect.stringMatching(/at most 9 photo ids/) as string])
  })
})
