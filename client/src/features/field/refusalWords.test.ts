import { describe, expect, it } from 'vitest'
import { refusalWords } from './refusalWords'

describe('why an item was refused', () => {
  it('names a refused photo by its number and its cause', () => {
    expect(refusalWords({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'x', photo: 2 })).toEqual({ key: 'field.outbox.why.photoTooBig', values: { n: 2 } })
    expect(refusalWords({ status: 422, code: 'VALIDATION_FAILED', message: 'x', photo: 1 }).key).toBe('field.outbox.why.photoNotImage')
  })
  it('words a known case refusal and keeps the server words for the rest', () => {
    expect(refusalWords({ status: 422, code: 'OUTSIDE_STREET', message: 'x', photo: null }).key).toBe('field.outbox.why.OUTSIDE_STREET')
    expect(refusalWords({ status: 400, code: 'BAD_REQUEST', message: 'odd', photo: null })).toEqual({ key: 'field.outbox.why.other', values: { code: 'BAD_REQUEST', message: 'odd' } })
  })
})
