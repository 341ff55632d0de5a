import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Category } from '@shared/schemas/reference'
import { makeCase } from '../realtime/testing/caseFixtures'
import { useIntakeStore } from './intake'

/** POST /cases answers what `answer` says; every request is recorded with its headers and body. */
function stubFetch(answer: (body: Record<string, unknown>) => { status: number; body: unknown }) {
  const sent: { path: string; key: string | null; body: Record<string, unknown> }[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>
      const headers = (init?.headers ?? {}) as Record<string, string>
      sent.push({ path: new URL(String(input), 'http://desk.test').pathname, key: headers['Idempotency-Key'] ?? null, body })
      const a = answer(body)
      return new Response(JSON.stringify(a.body), { status: a.status })
    }),
  )
  return sent
}

const category = { code: 'C0101', name: '井盖破损' } as Category
const place = { name: '鼓楼东大街', location: { lng: 116.84, lat: 40.37 } }

function fill() {
  const intake = useIntakeStore()
  intake.chooseCategory(category)
  intake.choosePlace(place)
  intake.reporterName = '王女士'
  intake.reporterPhone = '13800005678'
  return intake
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('registering a call', () => {
  it('keeps everything typed and the same key on a refusal, places the server’s reasons by field, and resets after filing', async () => {
    let refuse = true
    const sent = stubFetch((body) =>
      refuse
        ? { status: 422, body: { error: { code: 'VALIDATION_FAILED', message: 'invalid body: reporterPhone: a phone number is 7-12 digits' } } }
        : { status: 201, body: makeCase('c1', { code: 'GL-20261204-0001', title: String(body['title']), reporterName: '王女士', reporterPhone: '138****5678' }) },
    )
    const intake = fill()
    intake.channel = 'e_nanny'
    await intake.submit()
    expect(intake.errors).toEqual({ reporterPhone: 'a phone number is 7-12 digits' })
    expect(intake.reporterPhone).toBe('13800005678')
    expect(intake.title).toBe('井盖破损 · 鼓楼东大街')
    refuse = false
    await intake.submit()
    expect(sent.map((s) => s.key)).toEqual([sent[0]!.key, sent[0]!.key])
    expect(sent[1]!.body).toMatchObject({ source: 'hotline', description: '来电渠道：电子保姆', address: '鼓楼东大街', reporterPhone: '13800005678' })
    expect(intake.filed).toMatchObject({ id: 'c1', code: 'GL-20261204-0001', reporterPhone: '138****5678', mergedInto: null })
    // The next call starts clean on the same channel, with a new key.
    expect([intake.category, intake.place, intake.reporterName, intake.title, intake.channel]).toEqual([null, null, '', '', 'e_nanny'])
    expect(intake.key).not.toBe(sent[0]!.key)
  })

  it('sends nothing without a category and a place, and says which is missing', async () => {
    const sent = stubFetch(() => ({ status: 500, body: {} }))
    const intake = useIntakeStore()
    await intake.submit()
    expect(sent).toEqual([])
    expect(intake.errors).toMatchObject({ categoryCode: 'required', location: 'required' })
  })

  it('sends a second click while the first is on its way as nothing', async () => {
    const sent = stubFetch(() => ({ status: 201, body: makeCase('c2') }))
    const intake = fill()
    await Promise.all([intake.submit(), intake.submit()])
    expect(sent).toHaveLength(1)
  })

  it('merges into the chosen case: duplicateOf names it, then the merge step runs', async () => {
    const target = makeCase('t1', { code: 'GL-20261204-0007' })
    const sent = stubFetch((body) => ({ status: body['action'] ? 200 : 201, body: makeCase('n1', { version: 1, duplicateOf: 't1', state: body['action'] ? 'merged' : 'pending_filing' }) }))
    const intake = fill()
    await intake.submit(target)
    expect(sent.map((s) => [s.path, s.body['duplicateOf'] ?? s.body['action']])).toEqual([
      ['/api/v1/cases', 't1'],
      ['/api/v1/cases/n1/transitions', 'merge'],
    ])
    expect(intake.filed).toMatchObject({ id: 'n1', mergedInto: 'GL-20261204-0007', mergeProblem: null })
  })
})
