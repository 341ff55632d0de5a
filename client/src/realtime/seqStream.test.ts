import { describe, expect, it } from 'vitest'
import { SeqStream } from './seqStream'

function recorder() {
  const batches: number[][] = []
  const stream = new SeqStream<{ seq: number }>((batch) => batches.push(batch.map((e) => e.seq)), 5)
  const push = (...seqs: number[]) => seqs.map((seq) => stream.push({ seq }))
  return { stream, batches, push, applied: () => batches.flat() }
}

describe('SeqStream', () => {
  it('waits for a base, then applies what is newer than it in order', () => {
    const { stream, push, applied, batches } = recorder()
    expect(push(3, 2, 1)).toEqual(['buffered', 'buffered', 'buffered'])
    stream.reset(1)
    expect(applied()).toEqual([2, 3])
    expect(batches).toHaveLength(1)
    expect(stream.applied).toBe(3)
    expect(stream.waiting).toBe(false)
  })

  it('drops duplicates and old events and buffers past a gap', () => {
    const { stream, push, applied } = recorder()
    stream.reset(10)
    expect(push(11, 11, 10, 13, 13)).toEqual(['applied', 'duplicate', 'duplicate', 'buffered', 'buffered'])
    expect(stream.waiting).toBe(true)
    expect(push(12)).toEqual(['applied'])
    expect(applied()).toEqual([11, 12, 13])
    expect(stream.buffered).toBe(0)
  })

  it('advanceTo applies what is below the mark and skips the rest of the gap', () => {
    const { stream, push, applied } = recorder()
    stream.reset(10)
    push(14, 12, 21)
    stream.advanceTo(20)
    expect(applied()).toEqual([12, 14, 21])
    expect(stream.applied).toBe(21)
    stream.advanceTo(15)
    expect(stream.applied).toBe(21)
  })

  it('hold keeps waiting events for the next base and applies nothing meanwhile', () => {
    const { stream, push, applied } = recorder()
    stream.reset(10)
    stream.hold()
    push(11, 12, 30)
    expect(applied()).toEqual([])
    stream.reset(29)
    expect(applied()).toEqual([30])
  })

  it('reports overflow instead of growing without bound', () => {
    const { stream, push } = recorder()
    stream.reset(0)
    expect(push(2, 3, 4, 5, 6, 7)).toEqual(['buffered', 'buffered', 'buffered', 'buffered', 'buffered', 'overflow'])
    expect(stream.buffered).toBe(5)
  })
})
