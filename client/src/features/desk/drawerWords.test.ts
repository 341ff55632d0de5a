import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '@shared/schemas/case'
import { actorName, requestBehind } from './drawerWords'

const event = (action: CaseEvent['action'], reason: string | null, at: string): CaseEvent => ({
  caseId: 'c1',
  action,
  from: 'in_progress',
  to: 'in_progress',
  actorId: 'W0001',
  actorRole: 'grid_worker',
  at,
  reason,
  notes: null,
  photos: [],
  assignee: null,
})

describe('what a deciding step weighs', () => {
  const history = [
    event('request_extension', '等待配件', '2026-12-01T01:00:00.000Z'),
    event('approve_extension', null, '2026-12-01T02:00:00.000Z'),
    event('request_extension', '雨天无法施工', '2026-12-01T03:00:00.000Z'),
    event('request_suspension', '等待产权单位答复', '2026-12-01T04:00:00.000Z'),
  ]

  it('gives an approval the latest request it answers, and 恢复 the suspension it ends', () => {
    expect(requestBehind('approve_extension', history)?.reason).toBe('雨天无法施工')
    expect(requestBehind('reject_extension', history)?.reason).toBe('雨天无法施工')
    expect(requestBehind('approve_suspension', history)?.reason).toBe('等待产权单位答复')
    expect(requestBehind('resume', history)?.reason).toBe('等待产权单位答复')
  })

  it('gives other steps nothing, and an approval without a request nothing', () => {
    expect(requestBehind('close', history)).toBeNull()
    expect(requestBehind('approve_suspension', history.slice(0, 3))).toBeNull()
  })

  it('names a registry worker by role and code, an account by role alone', () => {
    expect(actorName({ actorId: 'W0001', actorRole: 'grid_worker' }, 'zh-CN')).toBe('网格员 W0001')
    expect(actorName({ actorId: '0b7c1f7e-93a4-4b8e-9f55-1f2a3b4c5d6e', actorRole: 'duty_chief' }, 'en')).toBe('Duty chief')
  })
})
