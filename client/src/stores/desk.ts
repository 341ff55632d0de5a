import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { actionNeeds, availableActions, isOpen, type TransitionAction } from '@shared/caseMachine'
import { buildQueues, DESK_QUEUES, QUEUES_BY_ROLE, type DeskQueue } from '@shared/rules/deskQueues'
import type { Assignee, Case, Satisfaction } from '@shared/schemas/case'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { DeskQueues, type CaseBounceInfo } from '@shared/schemas/deskApi'
import type { Category } from '@shared/schemas/reference'
import { fetchCategories, transitionCase } from '../api/caseActions'
import { ApiError, getJson } from '../api/http'
import { useCasesStore } from './cases'
import { matchesDeskSearch } from './deskSearch'
import { useSessionStore } from './session'

/** A return or a rework makes a case bounced; the flags are re-read this long at most after a change. */
export const BOUNCE_REFRESH_MS = 5000

/** What a follow-up call or an evaluation asks beyond words: the reporter's satisfaction, a 1-5 score. */
export interface StepChoice {
  satisfaction?: Satisfaction
  score?: number
}

export interface DeskProblem {
  code: string
  message: string
}

/**
 * One operator's desk: the queues of their role computed from the live open cases with the shared
 * rules (so a count here is the server's count), the queue and row they are on, the search, and the
 * case drawer. Nothing here touches a wall: the desk's selection is its own.
 * Bounced (推诿) needs each case's history, which the open-case stream does not carry: the flags
 * come from GET /desk/queues, read at start and again (at most every BOUNCE_REFRESH_MS) after cases change.
 */
export const useDeskStore = defineStore('desk', () => {
  const cases = useCasesStore()
  const session = useSessionStore()
  const role = computed(() => session.user?.role ?? null)
  const queues = computed<readonly DeskQueue[]>(() => (role.value ? (QUEUES_BY_ROLE[role.value] ?? []) : []))
  const chosenQueue = ref<DeskQueue | null>(null)
  const activeQueue = computed<DeskQueue | null>(() => chosenQueue.value ?? queues.value[0] ?? null)
  const search = ref('')
  const cursorId = ref<string | null>(null)
  const categories = shallowRef<ReadonlyMap<string, Category>>(new Map())
  const bounces = shallowRef<ReadonlyMap<string, CaseBounceInfo>>(new Map())
  const bounceOf = (id: string) => bounces.value.get(id) ?? null

  type Entry = Case & { bounced: boolean; live: Case }
  const built = computed(() => buildQueues<Entry>(cases.list.map((c) => ({ ...c, bounced: bounceOf(c.id)?.bounced ?? false, live: c })), queues.value))
  const counts = computed(() => Object.fromEntries(DESK_QUEUES.map((q) => [q, built.value[q].length])) as Record<DeskQueue, number>)
  const queueCases = computed<readonly Case[]>(() => (activeQueue.value ? built.value[activeQueue.value].map((e) => e.live) : []))
  const rows = computed<readonly Case[]>(() =>
    queueCases.value.filter((c) => {
      const cat = categories.value.get(c.categoryCode)
      return matchesDeskSearch(c, cat ? [cat.name, cat.nameEn] : [], search.value)
    }),
  )
  const cursor = computed(() => rows.value.find((c) => c.id === cursorId.value) ?? rows.value[0] ?? null)

  function chooseQueue(q: DeskQueue): void {
    chosenQueue.value = q
    cursorId.value = null
  }
  /** ↑/↓: one row up or down, staying inside the list. */
  function moveCursor(step: -1 | 1): void {
    const list = rows.value
    if (list.length === 0) return
    const at = cursor.value ? list.indexOf(cursor.value) : -1
    cursorId.value = list[Math.min(list.length - 1, Math.max(0, at + step))]!.id
  }

  const drawerId = ref<string | null>(null)
  const detail = shallowRef<CaseWithHistory | null>(null)
  const busy = ref(false)
  const problem = ref<DeskProblem | null>(null)
  /** The live case of the drawer (the stream moves it on), else the one fetched with its history. */
  const drawerCase = computed<Case | null>(() => (drawerId.value ? (cases.getCase(drawerId.value) ?? detail.value) : null))
  const actions = computed<TransitionAction[]>(() => (drawerCase.value && role.value ? availableActions(drawerCase.value, role.value) : []))

  // The case moved on (here, in the dispatch dialog or at another desk): its history has a new entry.
  watch(
    () => drawerCase.value?.version,
    (version) => {
      if (drawerId.value && detail.value && version !== undefined && version !== detail.value.version) void loadDetail(drawerId.value)
    },
  )
  // It left the open cases (closed, merged, not accepted), here or elsewhere: the stream no longer carries it, so read it.
  watch(
    () => (drawerId.value ? cases.getCase(drawerId.value) === undefined : false),
    (left) => {
      if (left && drawerId.value && detail.value && isOpen(detail.value.state)) void loadDetail(drawerId.value)
    },
  )

  const asProblem = (err: unknown): DeskProblem =>
    err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'UNKNOWN', message: String(err) }

  async function loadDetail(id: string): Promise<void> {
    try {
      const next = await getJson(`/cases/${encodeURIComponent(id)}`, CaseWithHistory)
      if (drawerId.value === id) detail.value = next
    } catch (err) {
      if (drawerId.value === id) problem.value = asProblem(err)
    }
  }
  function openDrawer(id: string): void {
    // The start of the drawer's opening time (features/desk/drawerTiming.ts measures up to its history shown).
    performance.mark('desk:drawer-opening')
    cursorId.value = id
    drawerId.value = id
    detail.value = null
    problem.value = null
    void loadDetail(id)
  }
  function closeDrawer(): void {
    drawerId.value = null
    detail.value = null
    problem.value = null
  }

  /**
   * One step of the loop, with the version the drawer shows; the operator's text goes where the
   * machine asks for it (reason, notes), a dispatch's assignee with it. A refusal reloads the history, which says who acted first;
   * a success shows in the history when the stream brings the case's new version.
   */
  async function act(action: TransitionAction, text: string | null, assignee?: Assignee, choice: StepChoice = {}): Promise<boolean> {
    const c = drawerCase.value
    const needs = actionNeeds(action)
    if (!c || busy.value) return false
    if ((needs.includes('reason') || needs.includes('notes')) && !text) return false
    busy.value = true
    problem.value = null
    try {
      // An unsatisfied follow-up reopens the case, and a reopening records why (caseMachine's missingNeed).
      const reason = needs.includes('reason') || choice.satisfaction === 'unsatisfied' ? text : null
      const notes = needs.includes('notes') ? text : null
      const next = await transitionCase(c.id, { action, version: c.version, reason, notes, photos: [], ...(assignee ? { assignee } : {}), ...choice })
      // A case that is not open (a follow-up call, an evaluation) never comes back on the stream.
      if (!isOpen(next.state) && drawerId.value === c.id) void loadDetail(c.id)
      return true
    } catch (err) {
      // Read the history first, so the words about who acted first name the step that won.
      if (drawerId.value === c.id) await loadDetail(c.id)
      problem.value = asProblem(err)
      return false
    } finally {
      busy.value = false
    }
  }

  async function loadCategories(): Promise<void> {
    if (categories.value.size > 0) return
    try {
      const list = await fetchCategories()
      categories.value = new Map(list.items.map((c) => [c.code, c]))
    } catch (err) {
      problem.value = asProblem(err)
    }
  }

  /** The server's bounce verdicts of the listed cases (its queues hold every open case in scope, up to 200 each). */
  async function loadBounces(): Promise<void> {
    if (!session.can('desk:work').value) return
    try {
      const read = await getJson('/desk/queues?limit=200', DeskQueues)
      bounces.value = new Map(read.queues.flatMap((q) => q.items.map((c) => [c.id, c.bounce] as const)))
    } catch (err) {
      problem.value = asProblem(err)
    }
  }

  let refresh: ReturnType<typeof setTimeout> | undefined
  const stopRefresh = watch(
    () => cases.version,
    () => {
      if (refresh === undefined) refresh = setTimeout(() => ((refresh = undefined), void loadBounces()), BOUNCE_REFRESH_MS)
    },
  )
  onScopeDispose(() => {
    stopRefresh()
    clearTimeout(refresh)
  })

  async function hydrate(): Promise<void> {
    await Promise.all([loadCategories(), loadBounces()])
  }

  return {
    queues,
    activeQueue,
    counts,
    queueCases,
    rows,
    search,
    cursor,
    categories,
    bounceOf,
    chooseQueue,
    moveCursor,
    drawerId,
    drawerCase,
    detail,
    actions,
    busy,
    problem,
    openDrawer,
    closeDrawer,
    loadDetail,
    act,
    hydrate,
  }
})
