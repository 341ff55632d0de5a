import type { Role } from './roles'
import type { Assignee, Case, CaseAction, CaseState, Satisfaction } from './schemas/case'

/**
 * The closed loop of docs/domain.md as pure functions, used by the server to decide
 * and by the client to offer only the buttons that can succeed.
 * "report" creates a case and is not a transition: see REPORT_ROLES.
 */
export type TransitionAction = Exclude<CaseAction, 'report'>

/** The part of a case the machine reads and writes. */
export type MachineCase = Pick<
  Case,
  | 'state'
  | 'source'
  | 'assignee'
  | 'returnedFrom'
  | 'pendingRequest'
  | 'extensions'
  | 'reworks'
  | 'satisfaction'
  | 'evaluationScore'
  | 'duplicateOf'
>

export interface TransitionInput {
  action: TransitionAction
  role: Role
  reason?: string | null
  notes?: string | null
  assignee?: Assignee | null
  satisfaction?: Satisfaction | null
  score?: number | null
}

export type MachineRefusal = {
  ok: false
  code: 'ILLEGAL_TRANSITION' | 'ROLE_FORBIDDEN' | 'REASON_REQUIRED' | 'FIELD_REQUIRED' | 'RETURNED_CASE'
  message: string
}
export type TransitionResult = { ok: true; from: CaseState; to: CaseState; next: MachineCase } | MachineRefusal

type Need = 'reason' | 'notes' | 'assignee' | 'satisfaction' | 'score'

interface Rule {
  from: readonly CaseState[]
  roles: readonly Role[]
  needs: readonly Need[]
  /** Extra condition on the case; returns why it fails, or null. */
  guard?: (c: MachineCase, input: TransitionInput) => string | null
  /** Next state and field changes; `to` defaults to the current state. */
  apply: (c: MachineCase, input: TransitionInput) => Partial<MachineCase> & { state?: CaseState }
}

export const REPORT_ROLES: readonly Role[] = ['grid_worker', 'intake', 'duty_chief', 'community_operator', 'unit_handler']

const INTAKE: readonly Role[] = ['intake', 'duty_chief']
const DISPATCH: readonly Role[] = ['dispatcher', 'duty_chief']
const FIELD: readonly Role[] = ['unit_handler', 'grid_worker', 'community_operator']
const CHECKERS: readonly Role[] = ['intake', 'duty_chief', 'dispatcher']

/** Position of each state in the loop; used by the rule on returned cases. */
export const STEP_OF_STATE: Record<CaseState, number> = {
  pending_filing: 1,
  prefiling_check: 1,
  not_accepted: 1,
  pending_dispatch: 2,
  dispatched: 3,
  in_progress: 4,
  suspended: 4,
  pending_check: 5,
  closed: 6,
  evaluated: 7,
  // Merging is an intake decision, like not accepting.
  merged: 1,
}

/** Duplicates are decided at intake, before the case has work of its own (filed cases have a unit on it). */
const BEFORE_DISPATCH: readonly CaseState[] = ['pending_filing', 'prefiling_check', 'pending_dispatch']
const flaggedDuplicate = (c: MachineCase) => (c.duplicateOf ? null : 'the case is not flagged as a possible duplicate')

/**
 * The district platform as the handler of an escalated case: an existing assignee kind (a unit
 * outside the street's registry), so the desk, the KPIs and the bounce rules read it like any unit.
 */
export const DISTRICT_ASSIGNEE: Assignee = { kind: 'unit', id: 'district' }

const noPendingRequest = (c: MachineCase) =>
  c.pendingRequest ? `a ${c.pendingRequest} request is waiting for approval` : null

export const CASE_RULES: Record<TransitionAction, Rule> = {
  request_check: { from: ['pending_filing'], roles: INTAKE, needs: [], apply: () => ({ state: 'prefiling_check' }) },
  submit_check: { from: ['prefiling_check'], roles: FIELD, needs: ['notes'], apply: () => ({ state: 'pending_filing' }) },
  file: { from: ['pending_filing'], roles: INTAKE, needs: [], apply: () => ({ state: 'pending_dispatch' }) },
  file_self_handled: {
    from: ['pending_filing'],
    roles: INTAKE,
    needs: ['notes'],
    apply: () => ({ state: 'pending_check' }),
  },
  reject: { from: ['pending_filing'], roles: INTAKE, needs: ['reason'], apply: () => ({ state: 'not_accepted' }) },
  dispatch: {
    from: ['pending_dispatch'],
    roles: DISPATCH,
    needs: ['assignee'],
    apply: (_c, input) => ({ state: 'dispatched', assignee: input.assignee ?? null }),
  },
  return_to_intake: {
    from: ['pending_dispatch'],
    roles: DISPATCH,
    needs: ['reason'],
    apply: () => ({ state: 'pending_filing', returnedFrom: 'pending_dispatch' }),
  },
  accept: { from: ['dispatched'], roles: FIELD, needs: [], apply: () => ({ state: 'in_progress' }) },
  return_to_dispatch: {
    from: ['dispatched', 'in_progress'],
    roles: FIELD,
    needs: ['reason'],
    apply: (c) => ({ state: 'pending_dispatch', returnedFrom: c.state, assignee: null, pendingRequest: null }),
  },
  request_extension: {
    from: ['dispatched', 'in_progress'],
    roles: FIELD,
    needs: ['reason'],
    guard: (c) => noPendingRequest(c) ?? (c.extensions >= 2 ? 'a case can be extended at most twice' : null),
    apply: () => ({ pendingRequest: 'extension' }),
  },
  approve_extension: {
    from: ['dispatched', 'in_progress'],
    roles: DISPATCH,
    needs: [],
    guard: (c) => (c.pendingRequest === 'extension' ? null : 'no extension request is waiting'),
    apply: (c) => ({ pendingRequest: null, extensions: c.extensions + 1 }),
  },
  reject_extension: {
    from: ['dispatched', 'in_progress'],
    roles: DISPATCH,
    needs: ['reason'],
    guard: (c) => (c.pendingRequest === 'extension' ? null : 'no extension request is waiting'),
    apply: () => ({ pendingRequest: null }),
  },
  request_suspension: {
    from: ['in_progress'],
    roles: FIELD,
    needs: ['reason'],
    guard: noPendingRequest,
    apply: () => ({ pendingRequest: 'suspension' }),
  },
  approve_suspension: {
    from: ['in_progress'],
    roles: DISPATCH,
    needs: [],
    guard: (c) => (c.pendingRequest === 'suspension' ? null : 'no suspension request is waiting'),
    apply: () => ({ state: 'suspended', pendingRequest: null }),
  },
  reject_suspension: {
    from: ['in_progress'],
    roles: DISPATCH,
    needs: ['reason'],
    guard: (c) => (c.pendingRequest === 'suspension' ? null : 'no suspension request is waiting'),
    apply: () => ({ pendingRequest: null }),
  },
  resume: { from: ['suspended'], roles: DISPATCH, needs: [], apply: () => ({ state: 'in_progress' }) },
  feedback: {
    from: ['in_progress'],
    roles: FIELD,
    needs: ['notes'],
    guard: noPendingRequest,
    apply: () => ({ state: 'pending_check' }),
  },
  check_on_site: { from: ['pending_check'], roles: FIELD, needs: ['notes'], apply: () => ({}) },
  close: { from: ['pending_check'], roles: CHECKERS, needs: [], apply: () => ({ state: 'closed' }) },
  rework: {
    // Back to the same unit: the assignee is kept, and so is the history.
    from: ['pending_check'],
    roles: CHECKERS,
    needs: ['reason'],
    guard: (c) => (c.assignee ? null : 'the case was never dispatched, so there is no unit to send it back to'),
    apply: (c) => ({ state: 'dispatched', reworks: c.reworks + 1 }),
  },
  follow_up: {
    from: ['closed'],
    roles: INTAKE,
    needs: ['satisfaction'],
    guard: (c) => {
      if (c.source !== 'hotline') return 'only hotline cases get a follow-up call'
      if (c.satisfaction !== null && c.satisfaction !== 'unsatisfied') return 'the follow-up call has been made'
      return null
    },
    apply: (_c, input) =>
      input.satisfaction === 'unsatisfied'
        ? { state: 'pending_dispatch', satisfaction: 'unsatisfied', assignee: null }
        : { satisfaction: input.satisfaction ?? null },
  },
  evaluate: {
    from: ['closed'],
    roles: ['duty_chief', 'leader'],
    needs: ['score'],
    guard: (c) =>
      c.source === 'hotline' && (c.satisfaction === null || c.satisfaction === 'unsatisfied')
        ? 'a hotline case is evaluated after a satisfied follow-up call'
        : null,
    apply: (_c, input) => ({ state: 'evaluated', evaluationScore: input.score ?? null }),
  },
  // The service also writes the other side of a merge (the target case must still be open) in
  // the same transaction; the machine decides only what happens to the duplicate itself.
  merge: {
    from: BEFORE_DISPATCH,
    roles: INTAKE,
    needs: [],
    guard: flaggedDuplicate,
    apply: () => ({ state: 'merged' }),
  },
  keep_separate: {
    from: BEFORE_DISPATCH,
    roles: INTAKE,
    needs: [],
    guard: flaggedDuplicate,
    apply: () => ({ duplicateOf: null }),
  },
  // 上报区级 is the dispatcher's decision that the street cannot handle the case: instead of a unit of
  // its own, the district is dispatched. The case stays open here; the district's 签收 is its `accept`.
  escalate: {
    from: ['pending_dispatch'],
    roles: DISPATCH,
    needs: ['reason'],
    apply: () => ({ state: 'dispatched', assignee: DISTRICT_ASSIGNEE }),
  },
}

/**
 * Steps only the district domain takes, because each writes its outbox message in the same
 * transaction: the generic transition endpoint refuses them and no desk offers them.
 */
export const DISTRICT_ACTIONS: readonly TransitionAction[] = ['escalate']

/** The steps a client may take through the generic transition (POST /cases/:id/transitions). */
export const TRANSITION_ACTIONS = (Object.keys(CASE_RULES) as TransitionAction[]).filter((a) => !DISTRICT_ACTIONS.includes(a))

const blank = (s: string | null | undefined) => s === undefined || s === null || s.trim() === ''

function missingNeed(rule: Rule, input: TransitionInput): MachineRefusal | null {
  for (const need of rule.needs) {
    if (need === 'reason' && blank(input.reason)) {
      return { ok: false, code: 'REASON_REQUIRED', message: `"${input.action}" needs a reason` }
    }
    if (need === 'notes' && blank(input.notes)) {
      return { ok: false, code: 'FIELD_REQUIRED', message: `"${input.action}" needs notes` }
    }
    if (need !== 'reason' && need !== 'notes' && (input[need] === undefined || input[need] === null)) {
      return { ok: false, code: 'FIELD_REQUIRED', message: `"${input.action}" needs ${need}` }
    }
  }
  // An unsatisfied follow-up reopens the case, which needs a recorded reason like every reopening.
  if (input.action === 'follow_up' && input.satisfaction === 'unsatisfied' && blank(input.reason)) {
    return { ok: false, code: 'REASON_REQUIRED', message: 'an unsatisfied follow-up needs a reason' }
  }
  return null
}

/** Decide a transition without side effects. The order of checks fixes which refusal wins. */
export function applyTransition(c: MachineCase, input: TransitionInput): TransitionResult {
  const rule = CASE_RULES[input.action]
  if (!rule.from.includes(c.state)) {
    return { ok: false, code: 'ILLEGAL_TRANSITION', message: `"${input.action}" is not possible in state "${c.state}"` }
  }
  if (!rule.roles.includes(input.role)) {
    return { ok: false, code: 'ROLE_FORBIDDEN', message: `role "${input.role}" may not "${input.action}"` }
  }
  const guardFailure = rule.guard?.(c, input) ?? null
  if (guardFailure) return { ok: false, code: 'ILLEGAL_TRANSITION', message: guardFailure }
  const missing = missingNeed(rule, input)
  if (missing) return missing

  const patch = rule.apply(c, input)
  const to = patch.state ?? c.state
  if (c.returnedFrom && STEP_OF_STATE[to] > STEP_OF_STATE[c.returnedFrom]) {
    return {
      ok: false,
      code: 'RETURNED_CASE',
      message: `this case was returned from "${c.returnedFrom}"; it must pass that step again before going further`,
    }
  }
  const next: MachineCase = { ...c, ...patch, state: to }
  // A returned case is back on track once it reaches the step that returned it.
  if (patch.returnedFrom === undefined && c.returnedFrom && STEP_OF_STATE[to] >= STEP_OF_STATE[c.returnedFrom]) {
    next.returnedFrom = null
  }
  return { ok: true, from: c.state, to, next }
}

export function canTransition(c: MachineCase, input: TransitionInput): boolean {
  return applyTransition(c, input).ok
}

/** Actions a role could take now, ignoring fields it has yet to fill in (reason, notes, …). */
export function availableActions(c: MachineCase, role: Role): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((action) => {
    const rule = CASE_RULES[action]
    if (!rule.from.includes(c.state) || !rule.roles.includes(role)) return false
    const probe: TransitionInput = {
      action,
      role,
      reason: 'x',
      notes: 'x',
      assignee: c.assignee ?? { kind: 'unit', id: 'x' },
      satisfaction: 'satisfied',
      score: 5,
    }
    return rule.guard?.(c, probe) == null && applyTransition(c, probe).ok
  })
}

export function actionNeeds(action: TransitionAction): readonly Need[] {
  return CASE_RULES[action].needs
}

export const OPEN_STATES: readonly CaseState[] = [
  'pending_filing',
  'prefiling_check',
  'pending_dispatch',
  'dispatched',
  'in_progress',
  'suspended',
  'pending_check',
]

export const isOpen = (state: CaseState) => OPEN_STATES.includes(state)
