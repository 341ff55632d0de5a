import { describe, expect, it } from 'vitest'
import { DISTRICT_ASSIGNEE, TRANSITION_ACTIONS, applyTransition, availableActions, type MachineCase } from './caseMachine'
import { advanceTimers, newTimers } from './caseTimers'
import { Role } from './roles'
import { CaseState } from './schemas/case'
import { TransitionBody } from './schemas/caseApi'

const filed: MachineCase = {
  state: 'pending_dispatch',
  source: 'terminal',
  assignee: null,
  returnedFrom: null,
  pendingRequest: null,
  extensions: 0,
  reworks: 0,
  satisfaction: null,
  evaluationScore: null,
  duplicateOf: null,
}

describe('escalate (上报区级)', () => {
  it('is the dispatcher or duty chief handing a filed case to the district, with a reason', () => {
    for (const role of ['dispatcher', 'duty_chief'] as const) {
      expect(applyTransition(filed, { action: 'escalate', role, reason: '跨街道，需区级协调' })).toMatchObject({
        ok: true,
        to: 'dispatched',
        next: { assignee: DISTRICT_ASSIGNEE },
      })
    }
    expect(applyTransition(filed, { action: 'escalate', role: 'dispatcher' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' })
  })

  it('is refused to every other role and in every other state', () => {
    for (const role of Role.options.filter((r) => r !== 'dispatcher' && r !== 'duty_chief')) {
      expect(applyTransition(filed, { action: 'escalate', role, reason: 'x' })).toMatchObject({ ok: false, code: 'ROLE_FORBIDDEN' })
    }
    for (const state of CaseState.options.filter((s) => s !== 'pending_dispatch')) {
      expect(applyTransition({ ...filed, state }, { action: 'escalate', role: 'dispatcher', reason: 'x' })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' })
    }
  })

  it('leaves the district signing for it as the usual accept of the unit it went to', () => {
    const escalated = applyTransition(filed, { action: 'escalate', role: 'dispatcher', reason: 'x' })
    if (!escalated.ok) throw new Error(escalated.message)
    expect(applyTransition(escalated.next, { action: 'accept', role: 'unit_handler' })).toMatchObject({ ok: true, to: 'in_progress' })
  })

  it('runs the clocks of a dispatch: dispatch stops, handling starts', () => {
    const timers = newTimers({ kind: 'working_days', amount: 2 }, '2026-03-02T01:00:00.000Z')
    const after = advanceTimers(timers, { action: 'escalate', to: 'dispatched', at: '2026-03-02T02:00:00.000Z', extensions: 0 })
    expect(after.handling.startedAt).toBe('2026-03-02T02:00:00.000Z')
  })

  it('is never offered by a desk nor taken through the generic transition', () => {
    expect(TRANSITION_ACTIONS).not.toContain('escalate')
    expect(availableActions(filed, 'dispatcher')).not.toContain('escalate')
    expect(TransitionBody.safeParse({ action: 'escalate', version: 1, reason: 'x' }).success).toBe(false)
  })
})
