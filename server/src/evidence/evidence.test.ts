import fs from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Case } from '@shared/schemas/case'
import { Evidence, EvidenceList } from '@shared/schemas/evidence'
import { request } from '../auth/authTestSupport'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

/** An 8×8 JPEG and a 4×4 PNG made with ffmpeg; both decode cleanly. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU4LjQyLjEwMAD/2wBDAAgKCgsKCw0NDQ0NDRAPEBAQEBAQEBAQEBASEhIVFRUSEhIQEBISFBQVFRcXFxUVFRUXFxkZGR4eHBwjIyQrKzP/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABQcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAIAAgDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCaADqQ/9k=',
  'base64',
)
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEElEQVR4nGPQ368PRwzEcQDPYxHR3myTKAAAAABJRU5ErkJggg==', 'base64')
const dataUrl = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`
/** Starts like a JPEG, then filler: enough for the size checks, which come before anything reads it as an image. */
const jpegOfSize = (size: number) => Buffer.concat([JPEG.subarray(0, 4), Buffer.alloc(size - 4, 7)])

/** A 704×576 snapshot (a sub stream's frame) with some detail in it, encoded by libvips. */
const snapshotJpeg = () =>
  sharp({ create: { width: 704, height: 576, channels: 3, background: '#30405a' } })
    .composite([{ input: Buffer.from('<svg width="704" height="576"><rect x="40" y="60" width="300" height="200" fill="#c84"/><circle cx="500" cy="380" r="120" fill="#8ac"/></svg>') }])
    .jpeg({ quality: 80 })
    .toBuffer()

let t: TestApp
let call: Call
let facts: DemoFacts
let cameraId: string
let evidenceDir: string

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
  cameraId = t.wall.reference.cameras()[0]!.id
  evidenceDir = path.join(t.dataDir, 'evidence')
}, 120_000)
afterAll(async () => {
  await t.close()
})

async function report(gridIndex = 0): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts, { location: facts.grids[gridIndex]!.point }) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return Case.parse(res.body)
}

const attach = async (caseId: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`${t.url}/api/v1/cases/${caseId}/evidence`, { method: 'POST', headers, body })

const body = (over: Record<string, unknown> = {}) => ({ cameraId, takenAt: '2024-05-01T08:30:00.000+08:00', image: dataUrl('image/jpeg', JPEG), ...over })

/** Every file under the evidence folder and every record: what a refusal must leave unchanged. */
function stored(): { files: string[]; rows: number } {
  const files = fs.existsSync(evidenceDir) ? (fs.readdirSync(evidenceDir, { recursive: true }) as string[]).sort() : []
  const rows = (t.wall.db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n
  return { files, rows }
}

describe('attaching a snapshot', () => {
  it('stores a JPEG, lists it, and serves it back byte for byte with its type', async () => {
    const c = await report()
    const headers = await t.authHeaders('dispatcher')
    const res = await attach(c.id, body(), headers)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const record = Evidence.parse(res.body)
    expect(record).toMatchObject({
      caseId: c.id,
      cameraId,
      takenAt: '2024-05-01T00:30:00.000Z',
      mime: 'image/jpeg',
      bytes: JPEG.length,
      url: `/api/v1/evidence/${record.id}`,
    })
    expect(res.headers.get('location')).toBe(record.url)
    expect(fs.readFileSync(path.join(evidenceDir, c.id, `${record.id}.jpg`)).equals(JPEG)).toBe(true)

    const list = await request(`${t.url}/api/v1/cases/${c.id}/evidence`, { headers: await t.authHeaders('wall_display') })
    expect(list.status).toBe(200)
    expect(EvidenceList.parse(list.body).items).toEqual([record])

    const image = await fetch(`${t.url}${record.url}`, { headers: await t.authHeaders('wall_display') })
    expect(image.status).toBe(200)
    expect(Buffer.from(await image.arrayBuffer()).equals(JPEG)).toBe(true)
    expect(image.headers.get('content-type')).toBe('image/jpeg')
    expect(image.headers.get('cache-control')).toBe('private, max-age=3600')
    expect(image.headers.get('x-content-type-options')).toBe('nosniff')
    expect(image.headers.get('content-disposition')).toBe(`inline; filename="evidence-${c.id}-20240501T003000000Z.jpg"`)
  })

  it('stores a real camera-sized JPEG whole', async () => {
    const c = await report()
    const made = await snapshotJpeg()
    const res = await attach(c.id, body({ image: dataUrl('image/jpeg', made) }), await t.authHeaders())
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(Evidence.parse(res.body).bytes).toBe(made.length)
  })

  it('stores a PNG as a PNG and audits the attach without the image', async () => {
    const c = await report()
    const res = await call('POST', `/api/v1/cases/${c.id}/evidence`, { as: 'dispatcher', body: body({ image: dataUrl('image/png', PNG) }) })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const record = Evidence.parse(res.body)
    expect(record).toMatchObject({ mime: 'image/png', createdBy: 'dispatcher-1', bytes: PNG.length })
    const image = await fetch(`${t.url}${record.url}`, { headers: await t.authHeaders() })
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true)

    const log = await request(`${t.url}/api/v1/audit?action=case.evidence`, { headers: await t.authHeaders('admin') })
    const entry = (log.body['items'] as { target: string; details: Record<string, unknown> }[]).find((e) => e.target === c.id)
    expect(entry?.details).toEqual({ evidenceId: record.id, cameraId, bytes: PNG.length, sha256: record.sha256, onBehalfOf: 'dispatcher/dispatcher-1' })
    expect(JSON.stringify(log.body)).not.toContain(PNG.toString('base64').slice(0, 40))
  })

  it('refuses a file whose stored bytes were changed since it was attached', async () => {
    const c = await report()
    const record = Evidence.parse((await attach(c.id, body(), await t.authHeaders())).body)
    fs.writeFileSync(path.join(evidenceDir, c.id, `${record.id}.jpg`), PNG)
    expect((await request(`${t.url}${record.url}`, { headers: await t.authHeaders() })).status).toBe(500)
  })
})

describe('refusals write nothing', () => {
  let open: Case
  let before: ReturnType<typeof stored>
  beforeAll(async () => {
    open = await report()
    before = stored()
  })

  const refusedWith = async (status: number, res: Awaited<ReturnType<typeof request>>, message?: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    if (message) expect(res.body.error?.message).toMatch(message)
    expect(stored()).toEqual(before)
  }

  it('refuses a wall display (403) and an anonymous caller (401)', async () => {
    await refusedWith(403, await attach(open.id, body(), await t.authHeaders('wall_display')))
    await refusedWith(401, await attach(open.id, body()))
    expect((await request(`${t.url}/api/v1/cases/${open.id}/evidence`)).status).toBe(401)
  })

  it('refuses bytes that are not what the data URL declares, and types other than JPEG and PNG (422)', async () => {
    const headers = await t.authHeaders()
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', Buffer.from('<script>alert(1)</script>')) }), headers), /not a JPEG or PNG/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/png', Buffer.from('just some text, not a picture')) }), headers), /not a JPEG or PNG/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', PNG) }), headers), /declared image\/jpeg but its bytes are image\/png/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/gif', Buffer.from('GIF89a')) }), headers), /only JPEG or PNG/)
    await refusedWith(422, await attach(open.id, body({ image: 'data:image/jpeg;base64,not base64!' }), headers), /base64/)
    await refusedWith(422, await attach(open.id, body({ image: JPEG.toString('base64') }), headers), /data URL/)
  })

  it('refuses an image that does not decode whole: a truncated JPEG or PNG, or six bytes that only look like one (422)', async () => {
    const headers = await t.authHeaders()
    const made = await snapshotJpeg()
    const png = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#204060' } }).png().toBuffer()
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', made.subarray(0, Math.floor(made.length / 2))) }), headers), /does not decode as a whole JPEG image \(.*premature end/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', made.subarray(0, made.length - 2)) }), headers), /does not decode as a whole JPEG/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])) }), headers), /does not decode as a whole JPEG/)
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/png', png.subarray(0, Math.floor(png.length / 2))) }), headers), /does not decode as a whole PNG/)
  })

  it('refuses an image over 1.5 MB: 422 with a reason, or 413 when the body is over the route limit', async () => {
    const headers = await t.authHeaders()
    await refusedWith(422, await attach(open.id, body({ image: dataUrl('image/jpeg', jpegOfSize(1_500_001)) }), headers), /larger than 1500000 bytes/)
    await refusedWith(413, await attach(open.id, body({ image: dataUrl('image/jpeg', jpegOfSize(1_700_000)) }), headers))
  })

  it('gives the larger body limit only to callers who may attach', async () => {
    await refusedWith(413, await attach(open.id, body({ image: dataUrl('image/jpeg', jpegOfSize(100_000)) }), await t.authHeaders('wall_display')))
  })

  it('refuses an unknown camera (422), an unknown case (404) and a closed case (409)', async () => {
    const headers = await t.authHeaders()
    await refusedWith(422, await attach(open.id, body({ cameraId: 'NO-SUCH-CAMERA' }), headers), /no camera NO-SUCH-CAMERA/)
    await refusedWith(404, await attach('NO-SUCH-CASE', body(), headers))
    await refusedWith(422, await attach(open.id, body({ takenAt: 'yesterday' }), headers))
    const notAccepted = await call('POST', `/api/v1/cases/${open.id}/transitions`, {
      as: 'intake',
      body: { action: 'reject', version: open.version, reason: '重复上报，不予受理' },
    })
    expect(notAccepted.status, JSON.stringify(notAccepted.body)).toBe(200)
    await refusedWith(409, await attach(open.id, body(), headers), /open case only/)
  })

  it("keeps a community operator to its own community's cases (403), for attach, list and image", async () => {
    const mine = facts.grids[0]!
    const otherIndex = facts.grids.findIndex((g) => g.communityId !== mine.communityId)
    const foreign = await report(otherIndex)
    const record = Evidence.parse((await attach(foreign.id, body(), await t.authHeaders())).body)
    before = stored()
    const operator = await t.authHeaders('community_operator', { communityId: mine.communityId })
    await refusedWith(403, await attach(foreign.id, body(), operator), /outside your community/)
    expect((await request(`${t.url}/api/v1/cases/${foreign.id}/evidence`, { headers: operator })).status).toBe(403)
    expect((await request(`${t.url}${record.url}`, { headers: operator })).status).toBe(403)
    expect((await request(`${t.url}/api/v1/evidence/NO-SUCH-EVIDENCE`, { headers: operator })).status).toBe(404)

    const own = await report(0)
    expect((await attach(own.id, body(), operator)).status).toBe(201)
  })
})
