import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AttachEvidenceBody, EVIDENCE_MAX_BYTES } from '@shared/schemas/evidence'
import { attachEvidence, listEvidence } from './evidence'
import { setCsrfToken } from './http'

/** The start of a JPEG (SOI, APP0) and a few bytes: what canvas.toBlob would hand over, shortened. */
const JPEG_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9])

/** Node has Blob but no FileReader: this one reads the blob the way the browser's does. */
class NodeFileReader {
  result: string | null = null
  error: Error | null = null
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  abort() {
    this.onabort?.()
  }
  readAsDataURL(blob: Blob) {
    void blob.arrayBuffer().then((buffer) => {
      this.result = `data:${blob.type || 'application/octet-stream'};base64,${Buffer.from(buffer).toString('base64')}`
      this.onload?.()
    })
  }
}

const record = {
  id: '4f0c2a4e-6a0b-4a7e-9a51-1d2b3c4d5e6f',
  caseId: 'C123',
  cameraId: 'CAM-01',
  takenAt: '2024-05-01T00:30:00.000Z',
  createdAt: '2024-05-01T00:30:02.000Z',
  createdBy: 'u-dispatcher',
  mime: 'image/jpeg',
  bytes: JPEG_BYTES.length,
  sha256: 'a'.repeat(64),
  url: '/api/v1/evidence/4f0c2a4e-6a0b-4a7e-9a51-1d2b3c4d5e6f',
}

function fakeFetch(status: number, answer: unknown) {
  const seen: { url: string; method?: string; headers: Record<string, string>; body: string }[] = []
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, method: init.method, headers: init.headers as Record<string, string>, body: init.body as string })
    return new Response(JSON.stringify(answer), { status })
  }) as unknown as typeof globalThis.fetch
  return { fetch, seen }
}

beforeEach(() => {
  vi.stubGlobal('FileReader', NodeFileReader)
  setCsrfToken('csrf-1')
})
afterEach(() => {
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('attachEvidence', () => {
  it('posts the snapshot as a data URL with the CSRF header, in the shared body shape, and returns the record', async () => {
    const { fetch, seen } = fakeFetch(201, record)
    const blob = new Blob([JPEG_BYTES], { type: 'image/jpeg' })
    const takenAt = new Date('2024-05-01T08:30:00+08:00')
    await expect(attachEvidence('C123', { cameraId: 'CAM-01', takenAt, blob }, { fetch })).resolves.toEqual(record)

    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ url: '/api/v1/cases/C123/evidence', method: 'POST', headers: { 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' } })
    const sent = AttachEvidenceBody.parse(JSON.parse(seen[0]!.body))
    expect(sent).toEqual({ cameraId: 'CAM-01', takenAt: '2024-05-01T00:30:00.000Z', image: `data:image/jpeg;base64,${Buffer.from(JPEG_BYTES).toString('base64')}` })
  })

  it("turns the server's refusal into an ApiError with its code", async () => {
    const { fetch } = fakeFetch(422, { error: { code: 'VALIDATION_FAILED', message: 'invalid body: image: the image is declared image/jpeg but its bytes are not a JPEG or PNG image' } })
    const blob = new Blob([JPEG_BYTES], { type: 'image/jpeg' })
    await expect(attachEvidence('C123', { cameraId: 'CAM-01', takenAt: new Date(), blob }, { fetch })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 422 })
  })

  it('does not upload an image the server would refuse for its type or size', async () => {
    const { fetch, seen } = fakeFetch(201, record)
    const gif = new Blob(['GIF89a'], { type: 'image/gif' })
    await expect(attachEvidence('C123', { cameraId: 'CAM-01', takenAt: new Date(), blob: gif }, { fetch })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 0 })
    const huge = new Blob([new Uint8Array(EVIDENCE_MAX_BYTES + 1)], { type: 'image/jpeg' })
    await expect(attachEvidence('C123', { cameraId: 'CAM-01', takenAt: new Date(), blob: huge }, { fetch })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 0 })
    expect(seen).toEqual([])
  })

  it('reads an answer of the wrong shape as BAD_RESPONSE', async () => {
    const { fetch } = fakeFetch(201, { ...record, sha256: 'not-a-hash' })
    const blob = new Blob([JPEG_BYTES], { type: 'image/jpeg' })
    await expect(attachEvidence('C123', { cameraId: 'CAM-01', takenAt: new Date(), blob }, { fetch })).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })
})

describe('listEvidence', () => {
  it("returns a case's records", async () => {
    const { fetch, seen } = fakeFetch(200, { items: [record] })
    await expect(listEvidence('C123', { fetch })).resolves.toEqual([record])
    expect(seen[0]).toMatchObject({ url: '/api/v1/cases/C123/evidence', method: 'GET' })
  })
})
