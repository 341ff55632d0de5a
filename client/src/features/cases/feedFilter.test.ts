import { describe, expect, it } from 'vitest'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { NO_FILTER, filterFeed, isFiltering, matchesFeed, type FeedFilter } from './feedFilter'
import { feedView, freezeFeed } from './feedOrder'

const filter = (over: Partial<FeedFilter>): FeedFilter => ({ ...NO_FILTER, ...over })

const waiting = makeCase('1', { state: 'pending_dispatch', source: 'hotline', code: 'GL-20260302-0001', address: '鼓楼东大街 12 号' })
const urgent = makeCase('2', { urgent: true, source: 'camera', code: 'GL-20260302-0002', address: '新中街市场' })
const late = makeCase('3', { overdue: true, state: 'in_progress', address: '新西路 3 号' })
const risky = makeCase('4', { atRisk: true, address: '果园西路' })
const all = [waiting, urgent, late, risky]
const ids = (cases: readonly { id: string }[]) => cases.map((c) => c.id)

describe('feed filter', () => {
  it('passes everything, in the feed order, when nothing is asked', () => {
    expect(isFiltering(NO_FILTER)).toBe(false)
    expect(isFiltering(filter({ search: '   ' }))).toBe(false)
    expect(ids(filterFeed(all, NO_FILTER))).toEqual(['1', '2', '3', '4'])
  })

  it('narrows by state, source and urgency', () => {
    expect(ids(filterFeed(all, filter({ state: 'pending_dispatch' })))).toEqual(['1'])
    expect(ids(filterFeed(all, filter({ source: 'camera' })))).toEqual(['2'])
    expect(ids(filterFeed(all, filter({ urgent: true })))).toEqual(['2'])
    expect(ids(filterFeed(all, filter({ urgent: true, source: 'hotline' })))).toEqual([])
  })

  it('takes overdue and at risk apart, or together as either', () => {
    expect(ids(filterFeed(all, filter({ overdue: true })))).toEqual(['3'])
    expect(ids(filterFeed(all, filter({ atRisk: true })))).toEqual(['4'])
    expect(ids(filterFeed(all, filter({ overdue: true, atRisk: true })))).toEqual(['3', '4'])
    // An overdue case still flagged at risk counts as overdue only, as the wall's counters do.
    expect(matchesFeed(makeCase('5', { overdue: true, atRisk: true }), filter({ atRisk: true }))).toBe(false)
  })

  it('searches the code and the address, whatever the case and spacing', () => {
    expect(ids(filterFeed(all, filter({ search: '0002' })))).toEqual(['2'])
    expect(ids(filterFeed(all, filter({ search: 'gl-20260302-0001' })))).toEqual(['1'])
    expect(ids(filterFeed(all, filter({ search: '鼓楼东大街12' })))).toEqual(['1'])
    expect(ids(filterFeed(all, filter({ search: '新' })))).toEqual(['2', '3'])
    // The title is not searched: 案件 3 names no code or address.
    expect(ids(filterFeed(all, filter({ search: '案件' })))).toEqual([])
  })
})

describe('feed order held while the feed is worked', () => {
  it('shows the live order when not held', () => {
    expect(feedView(all, null, () => undefined)).toEqual({ entries: all.map((c) => ({ case: c, gone: false })), waiting: 0 })
  })

  it('keeps the rows where they were: changes in place, new cases counted, a closed case marked gone', () => {
    const frozen = freezeFeed([waiting, urgent, late])
    const changed = { ...late, state: 'pending_check' as const }
    const fresh = makeCase('9', { urgent: true })
    // Live order now: the new urgent case first, the changed one moved up, the waiting one closed.
    const live = [fresh, urgent, changed, risky]
    const open = new Map(live.map((c) => [c.id, c]))
    const view = feedView(live, frozen, (id) => open.get(id))
    expect(view.entries.map((e) => [e.case.id, e.gone])).toEqual([
      ['1', true],
      ['2', false],
      ['3', false],
    ])
    expect(view.entries[2]!.case.state).toBe('pending_check')
    expect(view.entries[0]!.case).toBe(waiting)
    expect(view.waiting).toBe(2)
  })
})
