import { describe, expect, it } from 'vitest'
import type { Case } from '@shared/schemas/case'
import { ALARM_FRESH_MS, startAlarmTrigger, triggersAlarm } from './alarmTrigger'

const at = Date.parse('2026-03-02T02:00:00Z')
const urgent = (over: Partial<Case> = {}) => ({ version: 1, urgent: true, state: 'pending_filing', createdAt: new Date(at).toISOString(), ...over }) as Case

describe('the alarm trigger', () => {
  it('rings for a new urgent report only, judged by the clock it is given', () => {
    expect(triggersAlarm(urgent(), new Date(at + 1000))).toBe(true)
    expect(triggersAlarm(urgent({ urgent: false }), new Date(at))).toBe(false)
    expect(triggersAlarm(urgent({ version: 2 }), new Date(at))).toBe(false)
    expect(triggersAlarm(urgent(), new Date(at + ALARM_FRESH_MS - 1))).toBe(true)
    expect(triggersAlarm(urgent(), new Date(at + ALARM_FRESH_MS))).toBe(false)
  })

  it('uses the injected case clock: a case written "now" on a clock in the past still rings', () => {
    const fed: Case[] = []
    const settled: Case[] = []
    let listener: ((change: { case: Case }) => void) | null = null
    const stop = startAlarmTrigger({
      cases: { onChange: (l) => ((listener = l as never), () => (listener = null)) },
      walls: { alarm: (c) => void fed.push(c), caseChanged: (c) => void settled.push(c), tick: () => undefined },
      now: () => new Date(at + 5000),
    })
    listener!({ case: urgent() })
    listener!({ case: urgent({ createdAt: new Date(at - ALARM_FRESH_MS).toISOString() }) })
    expect(fed).toHaveLength(1)
    // Dispatched or closed, an urgent case's alarm stops waiting; one still waiting for dispatch, or a routine case, is not asked about.
    listener!({ case: urgent({ version: 3, state: 'dispatched' }) })
    listener!({ case: urgent({ version: 2, state: 'pending_dispatch' }) })
    listener!({ case: urgent({ version: 4, state: 'closed', urgent: false }) })
    expect(settled.map((c) => c.state)).toEqual(['dispatched'])
    stop()
    expect(listener).toBeNull()
  })
})
