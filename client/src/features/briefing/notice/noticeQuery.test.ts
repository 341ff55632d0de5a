import { describe, expect, it } from 'vitest'
import { caseListPath, noticeLang, noticePath } from './noticeQuery'

describe('the notice queries', () => {
  it("turns a number's filter into the case list API's query", () => {
    const path = caseListPath({ state: ['closed', 'evaluated'], gridId: 'g7', from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', overdue: true })
    const q = new URLSearchParams(path!.split('?')[1])
    expect(path!.startsWith('/cases?')).toBe(true)
    expect(q.getAll('state')).toEqual(['closed', 'evaluated'])
    expect(q.get('gridId')).toBe('g7')
    expect(q.get('overdue')).toBe('true')
    expect(q.get('from')).toBe('2026-10-31T16:00:00.000Z')
    expect(q.get('limit')).toBe('50')
  })

  it('leaves a list of ids to be read one by one', () => {
    expect(caseListPath({ caseIds: ['a'] })).toBeNull()
  })

  it('asks the notice in the language shown', () => {
    expect(noticeLang('zh-CN')).toBe('zh')
    expect(noticeLang('en')).toBe('en')
    expect(noticePath('2026-11-01', '2026-11-30', 'grid:g7', 'en')).toBe('/briefing/notice?from=2026-11-01&to=2026-11-30&scope=grid%3Ag7&lang=en')
  })
})
