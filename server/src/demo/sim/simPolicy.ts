import type { TransitionAction } from '@shared/caseMachine'
import type { Case, CaseSource } from '@shared/schemas/case'
import type { CreateCaseBody, TransitionBody } from '@shared/schemas/caseApi'
import type { Category } from '@shared/schemas/reference'
import type { Actor } from '../../cases/actor'
import { personName } from '../gulou/personNames'
import type { Random } from '../gulou/random'
import type { SimWorld } from './simWorld'

/**
 * What the simulated people do next with a case, as a pure function of the case, the time and a
 * random source. The back-fill and the live simulation share it, so history and live traffic
 * look alike. Delays are realistic (the live simulation compresses them); where a deadline
 * runs, an on-time step takes a share of the time left and a late one waits past it, so the
 * share of cases missing deadlines is set here, not by chance of the clock.
 */

export interface SimStep {
  action: TransitionAction
  actor: Actor
  body: Omit<TransitionBody, 'version' | 'photos'> & { photos?: string[] }
  /** From now, realistic. */
  delayMs: number
  /** Meant to miss the running step's deadline: the live simulation waits this one out for real. */
  late: boolean
}

export interface SimReport {
  actor: Actor
  body: CreateCaseBody
}

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/**
 * The day the street's report describes (docs/domain.md, "The place and its numbers"), which the
 * demo reproduces: 56,000 items in January to July 2017 (about 264 a day), 99.94 % closed,
 * satisfaction above 98 %. The report gives no urgent figure: its 940 hazards removed over the same
 * 56,000 items (1.7 %, about 4.4 a day) is the order of urgent cases we take.
 */
export const REPORT_DAY = {
  itemsPerDay: 264,
  closureRate: 0.9994,
  satisfaction: 0.98,
  urgentShare: 940 / 56_000,
} as const

/** Urgent reports of a day like the report's: what the live demo raises, whatever its pace. */
export const URGENT_PER_DAY = REPORT_DAY.itemsPerDay * REPORT_DAY.urgentShare

/** Follow-up answers: 满意, 基本满意, the rest 不满意 (1.2 %, so a day's calls stay above the report's 98 %). */
const FOLLOW_UP = { satisfied: 0.82, fairly: 0.168 }

/** Channel shares of the report: grid workers' terminals bring most cases, then the 96156 hotline. */
const SOURCE_MIX: [CaseSource, number][] = [
  ['terminal', 0.45],
  ['hotline', 0.22],
  ['camera', 0.13],
  ['patrol', 0.08],
  ['walk_in', 0.07],
  ['district', 0.05],
]

/** Chances per decision; each is a habit of a real center, kept small so the loop mostly flows. */
const P = {
  intakeLate: 0.02,
  prefilingCheck: 0.04,
  reject: 0.05,
  selfHandled: 0.12, // of terminal reports: the worker fixed it on the spot
  mergeDuplicate: 0.85,
  refileReturned: 0.7,
  returnToIntake: 0.02,
  dispatchLate: 0.02,
  dispatchToTeam: 0.15,
  dispatchToWorker: 0.05,
  unitReturns: 0.05,
  askExtension: 0.04,
  approveExtension: 0.8,
  askSuspension: 0.015,
  approveSuspension: 0.7,
  handlingLate: 0.07,
  checkOnSite: 0.15,
  rework: 0.08,
  checkLate: 0.02,
  evaluate: 0.85,
}

const INTAKE: Actor = { id: 'sim-intake-1', role: 'intake' }
/** Who checks on site in a grid without workers of its own (none in the Gulou territory). */
const FALLBACK_GRID_WORKER = 'sim-grid-worker'
const DISPATCHER: Actor = { id: 'sim-dispatch-1', role: 'dispatcher' }
const DUTY_CHIEF: Actor = { id: 'sim-duty-chief', role: 'duty_chief' }

const uniform = (rng: Random, a: number, b: number) => Math.round(rng.float(a, b))
const logUniform = (rng: Random, a: number, b: number) => Math.round(Math.exp(rng.float(Math.log(a), Math.log(b))))

export interface PolicyContext {
  world: SimWorld
  rng: Random
  now: number
  /** Failed tries of this step so far (e.g. a merge whose target closed meanwhile). */
  attempt: number
}

/** How long until the running step's deadline, or null when no deadline runs. */
const timeLeft = (c: Case, now: number) => (c.deadline === null ? null : Date.parse(c.deadline) - now)

/** Within the limit, usually early (the square favours small shares); `fallback` when no deadline runs. */
function onTime(c: Case, ctx: PolicyContext, fallback: [number, number]): number {
  const left = timeLeft(c, ctx.now)
  if (left === null || left <= MIN) return uniform(ctx.rng, fallback[0], fallback[1])
  const r = ctx.rng.next()
  return Math.round(left * (0.05 + 0.7 * r * r))
}

/** Past the deadline by ten minutes to most of a day. */
function past(c: Case, ctx: PolicyContext): number {
  return Math.max(0, timeLeft(c, ctx.now) ?? 0) + logUniform(ctx.rng, 10 * MIN, 20 * HOUR)
}

function handlerOf(c: Case): Actor {
  const a = c.assignee
  if (a?.kind === 'worker') return { id: a.id, role: 'grid_worker' }
  if (a?.kind === 'team') return { id: `sim-team-${a.id}`, role: 'community_operator' }
  return { id: `sim-handler-${a?.id ?? 'unit'}`, role: 'unit_handler' }
}

function gridWorker(c: Case, ctx: PolicyContext): Actor {
  const workers = ctx.world.grid(c.gridId).workers
  return { id: workers.length ? ctx.rng.pick(workers) : FALLBACK_GRID_WORKER, role: 'grid_worker' }
}

function assignee(c: Case, ctx: PolicyContext): { kind: 'unit' | 'team' | 'worker'; id: string } {
  const { rng, world } = ctx
  const grid = world.grid(c.gridId)
  const unit = world.category(c.categoryCode).unitId
  // A unit that returned the case is not sent it again: a team or another unit gets it.
  const returned = c.returnedFrom === 'dispatched' || c.returnedFrom === 'in_progress'
  const r = rng.next()
  if ((returned || r < P.dispatchToTeam) && grid.teams.length) return { kind: 'team', id: rng.pick(grid.teams) }
  if (r < P.dispatchToTeam + P.dispatchToWorker && grid.workers.length) return { kind: 'worker', id: rng.pick(grid.workers) }
  if (returned) return { kind: 'unit', id: rng.pick(world.unitIds.filter((u) => u !== unit)) }
  return { kind: 'unit', id: unit }
}

const step = (action: TransitionAction, actor: Actor, delayMs: number, body: SimStep['body'] = { action }, late = false): SimStep => ({
  action,
  actor,
  body: { ...body, action },
  delayMs,
  late,
})

function intake(c: Case, ctx: PolicyContext): SimStep {
  const { rng } = ctx
  const late = rng.chance(P.intakeLate)
  const wait = late ? past(c, ctx) : onTime(c, ctx, [5 * MIN, 90 * MIN])
  const as = (action: TransitionAction, body: SimStep['body'] = { action }) => step(action, INTAKE, wait, body, late)
  if (c.duplicateOf) {
    return ctx.attempt === 0 && rng.chance(P.mergeDuplicate)
      ? as('merge', { action: 'merge', reason: '同一问题重复上报' })
      : as('keep_separate')
  }
  if (c.returnedFrom === 'pending_dispatch') {
    return rng.chance(P.refileReturned) ? as('file') : as('reject', { action: 'reject', reason: '经核实不属于网格管理事项' })
  }
  const r = rng.next()
  if (c.version === 1 && r < P.prefilingCheck) return as('request_check')
  if (r < P.prefilingCheck + P.reject) return as('reject', { action: 'reject', reason: rng.pick(['不属于受理范围', '信息不全且无法联系上报人', '已由其他渠道处理']) })
  if (c.source === 'terminal' && rng.chance(P.selfHandled)) {
    return as('file_self_handled', { action: 'file_self_handled', notes: '网格员现场自行处置完毕' })
  }
  return as('file')
}

function dispatch(c: Case, ctx: PolicyContext): SimStep {
  const { rng } = ctx
  const late = rng.chance(P.dispatchLate)
  const wait = late ? past(c, ctx) : onTime(c, ctx, [5 * MIN, 45 * MIN])
  if (c.returnedFrom === null && rng.chance(P.returnToIntake)) {
    return step('return_to_intake', DISPATCHER, wait, { action: 'return_to_intake', reason: '事项描述不清，请受理员核实' })
  }
  return step('dispatch', DISPATCHER, wait, { action: 'dispatch', assignee: assignee(c, ctx) }, late)
}

/** The dispatcher answers a pending extension or suspension request. */
function approve(c: Case, ctx: PolicyContext): SimStep {
  const wait = uniform(ctx.rng, 10 * MIN, 90 * MIN)
  if (c.pendingRequest === 'extension') {
    return ctx.rng.chance(P.approveExtension)
      ? step('approve_extension', DISPATCHER, wait)
      : step('reject_extension', DISPATCHER, wait, { action: 'reject_extension', reason: '时限内可以完成' })
  }
  return ctx.rng.chance(P.approveSuspension)
    ? step('approve_suspension', DISPATCHER, wait)
    : step('reject_suspension', DISPATCHER, wait, { action: 'reject_suspension', reason: '不符合挂账条件' })
}

function unitWork(c: Case, ctx: PolicyContext): SimStep {
  const { rng } = ctx
  if (c.pendingRequest) return approve(c, ctx)
  const me = handlerOf(c)
  const r = rng.next()
  if (c.state === 'dispatched') {
    const wait = onTime(c, ctx, [10 * MIN, 2 * HOUR]) / 4 // accepting takes a fraction of the handling time
    if (c.reworks === 0 && r < P.unitReturns) return step('return_to_dispatch', me, wait, { action: 'return_to_dispatch', reason: '非本单位职责范围' })
    if (c.extensions < 2 && r < P.unitReturns + P.askExtension) return step('request_extension', me, wait, { action: 'request_extension', reason: '需要协调多个部门' })
    return step('accept', me, wait)
  }
  if (c.extensions < 2 && r < P.askExtension) {
    return step('request_extension', me, onTime(c, ctx, [HOUR, 4 * HOUR]) / 2, { action: 'request_extension', reason: '材料未到，申请延期' })
  }
  if (r < P.askExtension + P.askSuspension) {
    return step('request_suspension', me, onTime(c, ctx, [HOUR, 4 * HOUR]) / 2, { action: 'request_suspension', reason: '涉及产权纠纷，需等待法院裁定' })
  }
  const late = rng.chance(P.handlingLate)
  const photos = Array.from({ length: rng.int(1, 3) }, (_x, i) => `sim/${c.code}-after-${i + 1}.jpg`)
  return step('feedback', me, late ? past(c, ctx) : onTime(c, ctx, [HOUR, 8 * HOUR]), { action: 'feedback', notes: '已到场处置完毕，现场已恢复', photos }, late)
}

function check(c: Case, ctx: PolicyContext): SimStep {
  const { rng } = ctx
  const late = rng.chance(P.checkLate)
  const wait = late ? past(c, ctx) : onTime(c, ctx, [30 * MIN, 6 * HOUR])
  const r = rng.next()
  if (r < P.checkOnSite) return step('check_on_site', gridWorker(c, ctx), wait / 2, { action: 'check_on_site', notes: '现场核查：已处置' })
  if (c.assignee && r < P.checkOnSite + P.rework) return step('rework', DISPATCHER, wait, { action: 'rework', reason: '核查未通过，问题依然存在' }, late)
  return step('close', rng.chance(0.5) ? DISPATCHER : INTAKE, wait, { action: 'close' }, late)
}

function afterClose(c: Case, ctx: PolicyContext): SimStep | null {
  const { rng } = ctx
  if (c.source === 'hotline' && (c.satisfaction === null || c.satisfaction === 'unsatisfied')) {
    const r = rng.next()
    const satisfaction = r < FOLLOW_UP.satisfied ? 'satisfied' : r < FOLLOW_UP.satisfied + FOLLOW_UP.fairly ? 'fairly_satisfied' : 'unsatisfied'
    const body: SimStep['body'] = { action: 'follow_up', satisfaction, ...(satisfaction === 'unsatisfied' ? { reason: '来电人反映问题仍未解决' } : {}) }
    return step('follow_up', INTAKE, uniform(rng, 4 * HOUR, 30 * HOUR), body)
  }
  if (!rng.chance(P.evaluate)) return null
  const score = rng.chance(0.6) ? 5 : rng.chance(0.75) ? 4 : 3
  return step('evaluate', DUTY_CHIEF, uniform(rng, 12 * HOUR, 3 * DAY), { action: 'evaluate', score })
}

/** The next thing someone does with the case, or null when nobody will touch it again. */
export function decide(c: Case, ctx: PolicyContext): SimStep | null {
  switch (c.state) {
    case 'pending_filing':
      return intake(c, ctx)
    case 'prefiling_check':
      return step('submit_check', gridWorker(c, ctx), uniform(ctx.rng, 20 * MIN, 2 * HOUR), { action: 'submit_check', notes: '现场核实：情况属实' })
    case 'pending_dispatch':
      return dispatch(c, ctx)
    case 'dispatched':
    case 'in_progress':
      return unitWork(c, ctx)
    case 'suspended':
      return step('resume', DISPATCHER, uniform(ctx.rng, DAY, 4 * DAY))
    case 'pending_check':
      return check(c, ctx)
    case 'closed':
      return afterClose(c, ctx)
    case 'evaluated':
    case 'not_accepted':
    case 'merged':
      return null
  }
}

const REPORTER_ROLE: Record<CaseSource, Actor['role']> = {
  terminal: 'grid_worker',
  hotline: 'intake',
  camera: 'intake',
  walk_in: 'community_operator',
  patrol: 'unit_handler',
  district: 'intake',
}

function pickSource(rng: Random): CaseSource {
  let x = rng.next()
  for (const [source, share] of SOURCE_MIX) if ((x -= share) < 0) return source
  return 'terminal'
}

/**
 * Which reports to draw: `any` as the report's day mixes them (URGENT_PER_DAY of itemsPerDay
 * urgent), or only urgent or only routine ones, for the live demo that paces the two apart.
 */
export type ReportKind = 'any' | 'urgent' | 'routine'

/** A channel and a 小类 of the wanted urgency, each channel bringing what it tends to. */
function pickSourceAndCategory(world: SimWorld, rng: Random, urgent: boolean): { source: CaseSource; category: Category } {
  let source = pickSource(rng)
  let category = world.pickCategory(rng, source)
  // About one draw in eight is urgent in the category mix: a few dozen tries find one (a territory without any keeps the last).
  for (let i = 0; i < 200 && category.urgent !== urgent; i++) {
    source = pickSource(rng)
    category = world.pickCategory(rng, source)
  }
  return { source, category }
}

/**
 * Every person the simulation acts for besides the registry's grid workers (whom the terminals'
 * gateway signs in itself): X-On-Behalf-Of must name someone who exists, so the demo gives each of
 * them an account before the simulation runs. The ids are the ones decide() and newReport() use.
 */
export function simulatedPeople(world: SimWorld): Actor[] {
  const teams = [...new Set(world.grids.flatMap((g) => g.teams))]
  const communities = [...new Set(world.grids.map((g) => g.communityId))]
  const callers = (['hotline', 'camera', 'patrol', 'district'] as const).flatMap((source) => [1, 2, 3].map((n) => ({ id: `sim-${source}-${n}`, role: REPORTER_ROLE[source] })))
  return [
    INTAKE,
    DISPATCHER,
    DUTY_CHIEF,
    { id: FALLBACK_GRID_WORKER, role: 'grid_worker' },
    ...teams.map((id) => ({ id: `sim-team-${id}`, role: 'community_operator' as const })),
    ...world.unitIds.map((id) => ({ id: `sim-handler-${id}`, role: 'unit_handler' as const })),
    { id: 'sim-handler-unit', role: 'unit_handler' },
    ...communities.map((id) => ({ id: `sim-station-${id}`, role: 'community_operator' as const })),
    ...callers,
  ]
}

/** A new report: who, from where, about what. */
export function newReport(world: SimWorld, rng: Random, kind: ReportKind = 'any'): SimReport {
  const urgent = kind === 'any' ? rng.chance(REPORT_DAY.urgentShare) : kind === 'urgent'
  const { source, category } = pickSourceAndCategory(world, rng, urgent)
  let actorId: string
  let place
  if (source === 'terminal') {
    // A grid worker reports from their own grid.
    const grid = rng.pick(world.grids.filter((g) => g.workers.length))
    actorId = rng.pick(grid.workers)
    place = world.pickPlace(rng, grid.id)
  } else {
    place = world.pickPlace(rng)
    actorId = source === 'walk_in' ? `sim-station-${world.grid(place.gridId).communityId}` : `sim-${source}-${rng.int(1, 3)}`
  }
  const caller = source === 'hotline' || source === 'walk_in'
  const body: CreateCaseBody = {
    source,
    categoryCode: category.code,
    title: `${category.name}（${place.address}）`,
    description: `${place.address}：${category.name}，${caller ? '群众反映' : '巡查发现'}，请处理。`,
    location: place.location,
    address: place.address,
    reporterName: caller ? personName(rng) : null,
    reporterPhone: caller ? `1${rng.pick(['3', '5', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` : null,
    photos: source === 'terminal' || source === 'camera' ? [`sim/report-${rng.int(1, 999_999)}.jpg`] : [],
  }
  return { actor: { id: actorId, role: REPORTER_ROLE[source] }, body }
}
