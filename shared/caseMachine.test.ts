import { describe, expect, it } from 'vitest'
import {
  CASE_RULES,
  DISTRICT_ASSIGNEE,
  STEP_OF_STATE,
  TRANSITION_ACTIONS,
  applyTransition,
  availableActions,
  type MachineCase,
  type TransitionAction,
  type TransitionInput,
} from './caseMachine'
import { advanceTimers, newTimers } from './caseTimers'
import { Role } from './roles'
import { CaseState } from './schemas/case'
import { TransitionBody } from './schemas/caseApi'

const base: MachineCase = {
  state: 'pending_filing',
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

/** A complete, valid input for an action, so only the thing under test can fail. */
function fullInput(action: TransitionAction, role: Role): TransitionInput {
  return { action, role, reason: 'because', notes: 'done', assignee: { kind: 'unit', id: 'U01' }, satisfaction: 'satisfied', score: 4 }
}

/** A case in `state` that satisfies each action's guard where the guard can be satisfied. */
function caseFor(action: TransitionAction, state: CaseState): MachineCase {
  const c: MachineCase = { ...base, state, assignee: { kind: 'unit', id: 'U01' } }
  if (action === 'approve_extension' || action === 'reject_extension') c.pendingRequest = 'extension'
  if (action === 'approve_suspension' || action === 'reject_suspension') c.pendingRequest = 'suspension'
  if (action === 'follow_up') c.source = 'hotline'
  if (action === 'merge' || action === 'keep_separate') c.duplicateOf = 'case-0001'
  return c
}

describe('case state machine: every action from every state and role', () => {
  for (const action of TRANSITION_ACTIONS) {
    const rule = CASE_RULES[action]
    for (const state of CaseState.options) {
      for (const role of Role.options) {
        const legal = rule.from.includes(state) && rule.roles.includes(role)
        it(`${action} from ${state} by ${role} is ${legal ? 'allowed' : 'refused'}`, () => {
          const result = applyTransition(caseFor(action, state), fullInput(action, role))
          expect(result.ok).toBe(legal)
          if (!result.ok) {
            expect(result.code).toBe(rule.from.includes(state) ? 'ROLE_FORBIDDEN' : 'ILLEGAL_TRANSITION')
          }
        })
      }
    }
  }
})

describe('the loop end to end', () => {
  it('runs collect → file → dispatch → handle → feedback → close → evaluate', () => {
    let c: MachineCase = { ...base }
    const steps: [TransitionAction, Role, CaseState][] = [
      ['file', 'intake', 'pending_dispatch'],
      ['dispatch', 'dispatcher', 'dispatched'],
      ['accept', 'unit_handler', 'in_progress'],
      ['feedback', 'unit_handler', 'pending_check'],
      ['close', 'intake', 'closed'],
      ['evaluate', 'leader', 'evaluated'],
    ]
    for (const [action, role, to] of steps) {
      const r = applyTransition(c, fullInput(action, role))
      if (!r.ok) throw new Error(r.message)
      expect(r.to).toBe(to)
      c = r.next
    }
    expect(c.evaluationScore).toBe(4)
    expect(c.assignee).toEqual({ kind: 'unit', id: 'U01' })
  })
})

describe('reasons and required fields', () => {
  const needingReason = TRANSITION_ACTIONS.filter((a) => CASE_RULES[a].needs.includes('reason'))
  it('covers the actions docs/domain.md says need a reason', () => {
    expect(needingReason).toEqual(
      expect.arrayContaining(['reject', 'return_to_intake', 'return_to_dispatch', 'rework', 'request_extension', 'request_suspension']),
    )
  })
  for (const action of needingReason) {
    it(`${action} without a reason is refused with REASON_REQUIRED`, () => {
      const rule = CASE_RULES[action]
      const state = rule.from[0] as CaseState
      const role = rule.roles[0] as Role
      for (const reason of [undefined, null, '', '   ']) {
        const r = applyTransition(caseFor(action, state), { ...fullInput(action, role), reason })
        expect(r.ok).toBe(false)
        if (!r.ok) expect(r.code).toBe('REASON_REQUIRED')
      }
    })
  }
  it('dispatch needs an assignee; feedback needs notes; evaluate needs a score', () => {
    const noAssignee = applyTransition({ ...base, state: 'pending_dispatch' }, { ...fullInput('dispatch', 'dispatcher'), assignee: null })
    expect(noAssignee).toMatchObject({ ok: false, code: 'FIELD_REQUIRED' })
    const noNotes = applyTransition({ ...base, state: 'in_progress' }, { ...fullInput('feedback', 'unit_handler'), notes: ' ' })
    expect(noNotes).toMatchObject({ ok: false, code: 'FIELD_REQUIRED' })
    const noScore = applyTransition({ ...base, state: 'closed' }, { ...fullInput('evaluate', 'leader'), score: null })
    expect(noScore).toMatchObject({ ok: false, code: 'FIELD_REQUIRED' })
  })
})

describe('returned cases', () => {
  it('a unit return sends the case back to dispatch and clears the assignee', () => {
    const r = applyTransition({ ...base, state: 'in_progress', assignee: { kind: 'unit', id: 'U01' } }, fullInput('return_to_dispatch', 'unit_handler'))
    expect(r).toMatchObject({ ok: true, to: 'pending_dispatch', next: { returnedFrom: 'in_progress', assignee: null } })
  })
  it('intake cannot push a case the dispatcher returned past dispatch by filing it as self-handled', () => {
    const returned = applyTransition({ ...base, state: 'pending_dispatch' }, fullInput('return_to_intake', 'dispatcher'))
    if (!returned.ok) throw new Error(returned.message)
    expect(returned.next.returnedFrom).toBe('pending_dispatch')
    const skip = applyTransition(returned.next, fullInput('file_self_handled', 'intake'))
    expect(skip).toMatchObject({ ok: false, code: 'RETURNED_CASE' })
    const refile = applyTransition(returned.next, fullInput('file', 'intake'))
    expect(refile).toMatchObject({ ok: true, to: 'pending_dispatch', next: { returnedFrom: null } })
  })
  it('without a return, self-handled filing goes straight to the check', () => {
    expect(applyTransition(base, fullInput('file_self_handled', 'intake'))).toMatchObject({ ok: true, to: 'pending_check' })
  })
  it('the returned-from step is never below the state it returns to', () => {
    for (const action of ['return_to_intake', 'return_to_dispatch'] as const) {
      for (const from of CASE_RULES[action].from) {
        const r = applyTransition(caseFor(action, from), fullInput(action, CASE_RULES[action].roles[0] as Role))
        if (!r.ok || !r.next.returnedFrom) throw new Error('expected a return')
        expect(STEP_OF_STATE[r.next.returnedFrom]).toBeGreaterThan(STEP_OF_STATE[r.to])
      }
    }
  })
})

describe('extension and suspension', () => {
  it('allows at most two extensions, each approved by a dispatcher', () => {
    let c: MachineCase = { ...base, state: 'in_progress', assignee: { kind: 'unit', id: 'U01' } }
    for (let i = 0; i < 2; i++) {
      const asked = applyTransition(c, fullInput('request_extension', 'unit_handler'))
      if (!asked.ok) throw new Error(asked.message)
      expect(asked.next.pendingRequest).toBe('extension')
      const approved = applyTransition(asked.next, fullInput('approve_extension', 'dispatcher'))
      if (!approved.ok) throw new Error(approved.message)
      c = approved.next
    }
    expect(c.extensions).toBe(2)
    expect(applyTransition(c, fullInput('request_extension', 'unit_handler'))).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' })
  })
  it('refuses approval when nothing was asked, and a second request while one waits', () => {
    const c: MachineCase = { ...base, state: 'in_progress' }
    expect(applyTransition(c, fullInput('approve_extension', 'dispatcher'))).toMatchObject({ ok: false })
    const asked = applyTransition(c, fullInput('request_suspension', 'unit_handler'))
    if (!asked.ok) throw new Error(asked.message)
    expect(applyTransition(asked.next, fullInput('request_extension', 'unit_handler'))).toMatchObject({ ok: false })
    expect(applyTransition(asked.next, fullInput('feedback', 'unit_handler'))).toMatchObject({ ok: false })
  })
  it('suspension pauses in a state of its own and resumes to in progress', () => {
    const asked = applyTransition({ ...base, state: 'in_progress' }, fullInput('request_suspension', 'unit_handler'))
    if (!asked.ok) throw new Error(asked.message)
    const approved = applyTransition(asked.next, fullInput('approve_suspension', 'dispatcher'))
    expect(approved).toMatchObject({ ok: true, to: 'suspended', next: { pendingRequest: null } })
    if (!approved.ok) return
    expect(applyTransition(approved.next, fullInput('resume', 'dispatcher'))).toMatchObject({ ok: true, to: 'in_progress' })
  })
})

describe('check, rework and follow-up', () => {
  it('rework goes back to the same unit and counts', () => {
    const c: MachineCase = { ...base, state: 'pending_check', assignee: { kind: 'team', id: 'T07' } }
    expect(applyTransition(c, fullInput('rework', 'dispatcher'))).toMatchObject({
      ok: true,
      to: 'dispatched',
      next: { assignee: { kind: 'team', id: 'T07' }, reworks: 1 },
    })
  })
  it('a self-handled case that was never dispatched cannot be sent for rework', () => {
    expect(applyTransition({ ...base, state: 'pending_check' }, fullInput('rework', 'intake'))).toMatchObject({ ok: false })
  })
  it('only hotline cases get a follow-up; unsatisfied reopens with a reason', () => {
    const hotline: MachineCase = { ...base, state: 'closed', source: 'hotline', assignee: { kind: 'unit', id: 'U01' } }
    expect(applyTransition({ ...hotline, source: 'terminal' }, fullInput('follow_up', 'intake'))).toMatchObject({ ok: false })
    const noReason = applyTransition(hotline, { action: 'follow_up', role: 'intake', satisfaction: 'unsatisfied' })
    expect(noReason).toMatchObject({ ok: false, code: 'REASON_REQUIRED' })
    const reopened = applyTransition(hotline, { action: 'follow_up', role: 'intake', satisfaction: 'unsatisfied', reason: '问题仍在' })
    expect(reopened).toMatchObject({ ok: true, to: 'pending_dispatch', next: { satisfaction: 'unsatisfied' } })
    const satisfied = applyTransition(hotline, fullInput('follow_up', 'intake'))
    expect(satisfied).toMatchObject({ ok: true, to: 'closed', next: { satisfaction: 'satisfied' } })
    if (satisfied.ok) expect(applyTransition(satisfied.next, fullInput('follow_up', 'intake'))).toMatchObject({ ok: false })
  })
  it('a hotline case is evaluated only after a satisfied follow-up', () => {
    const c: MachineCase = { ...base, state: 'closed', source: 'hotline' }
    expect(applyTransition(c, fullInput('evaluate', 'leader'))).toMatchObject({ ok: false })
    expect(applyTransition({ ...c, satisfaction: 'fairly_satisfied' }, fullInput('evaluate', 'leader'))).toMatchObject({ ok: true })
  })
})

describe('duplicates', () => {
  const flagged: MachineCase = { ...base, duplicateOf: 'case-0001' }
  it('merges a flagged duplicate into a terminal merged state, before dispatch only', () => {
    expect(applyTransition(flagged, fullInput('merge', 'intake'))).toMatchObject({ ok: true, to: 'merged' })
    expect(applyTransition({ ...flagged, state: 'pending_dispatch' }, fullInput('merge', 'duty_chief'))).toMatchObject({ ok: true })
    expect(applyTransition({ ...flagged, state: 'dispatched' }, fullInput('merge', 'intake'))).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(availableActions({ ...flagged, state: 'merged' }, 'duty_chief')).toEqual([])
  })
  it('keeps a flagged case separate by clearing the flag, in the same state', () => {
    expect(applyTransition(flagged, fullInput('keep_separate', 'intake'))).toMatchObject({
      ok: true,
      to: 'pending_filing',
      next: { duplicateOf: null },
    })
  })
  it('refuses both on a case that is not flagged', () => {
    expect(applyTransition(base, fullInput('merge', 'intake'))).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
    expect(applyTransition(base, fullInput('keep_separate', 'intake'))).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
  })
  it('merges a case that intake got back from dispatch (merging is an intake decision)', () => {
    const returned: MachineCase = { ...flagged, returnedFrom: 'pending_dispatch' }
    expect(applyTransition(returned, fullInput('merge', 'intake'))).toMatchObject({ ok: true, to: 'merged' })
  })
  it('offers merge and keep_separate to intake on a flagged case', () => {
    expect(availableActions(flagged, 'intake')).toEqual(expect.arrayContaining(['merge', 'keep_separate']))
  })
})

describe('availableActions', () => {
  it('offers the intake operator what it can do with a new case', () => {
    expect(availableActions(base, 'intake').sort()).toEqual(['file', 'file_self_handled', 'reject', 'request_check'])
  })
  it('offers a wall display nothing, in any state', () => {
    for (const state of CaseState.options) expect(availableActions({ ...base, state }, 'wall_display')).toEqual([])
  })
  it('never offers an action that applyTransition would refuse with complete input', () => {
    for (const state of CaseState.options) {
      for (const role of Role.options) {
        for (const action of availableActions({ ...base, state }, role)) {
          expect(applyTransition({ ...base, state }, fullInput(action, role)).ok).toBe(true)
        }
      }
    }
  })
})

/** A filed case, waiting for dispatch: where 上报区级 starts. */
const filed: MachineCase = { ...base, state: 'pending_dispatch' }

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
