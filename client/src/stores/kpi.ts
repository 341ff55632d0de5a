import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { beijingDay, shiftDay } from '@shared/rules/beijingTime'
import { KpiReport, type KpiChanged, type KpiGroup, type KpiPeriod } from '@shared/schemas/kpi'
import { ApiError, getJson, isApiError } from '../api/http'
import { createCoalescer } from '../realtime/coalesce'
import { onServerEvent } from '../realtime/socket'

/** Grouped reports are heavier than the pushed figures: refetch them at most this often. */
export const KPI_REFETCH_MS = 10_000
export const TREND_DAYS = 30
/** Every grid of the street (64), so the ranking can show the bottom as well as the top. */
const GRID_LIMIT = 64
/** How often to look whether the Beijing day has turned (a quiet night brings no push). */
const DAY_CHECK_MS = 60_000

export type KpiLoadState = 'idle' | 'loading' | 'ready' | 'error'

export interface KpiRanges {
  /** Beijing calendar day, YYYY-MM-DD. */
  today: string
  monthFrom: string
  trendFrom: string
}

export function rangesFor(today: string): KpiRanges {
  return { today, monthFrom: `${today.slice(0, 8)}01`, trendFrom: shiftDay(today, -(TREND_DAYS - 1)) }
}

/** Everything the wall shows, replaced as a whole on each change (a shallowRef holds it). */
export interface KpiView {
  asOf: string | null
  today: KpiPeriod | null
  month: KpiPeriod | null
  /** Stream positions of `today` and `month`: an older answer never overwrites a newer one. */
  todaySeq: number
  monthSeq: number
  /** Today's intake by channel. */
  byChannel: KpiReport['byChannel']
  /** Today's figures per channel (groupBy=source). */
  channels: KpiGroup[]
  /** One group per day of the last TREND_DAYS, oldest first. */
  trend: KpiGroup[]
  /** This month's five biggest categories. */
  topCategories: KpiReport['topCategories']
  /** This month's grids, by reports. */
  grids: KpiGroup[]
  gridsTotal: number
}

export const EMPTY_KPI_VIEW: KpiView = {
  asOf: null,
  today: null,
  month: null,
  todaySeq: -1,
  monthSeq: -1,
  byChannel: [],
  channels: [],
  trend: [],
  topCategories: [],
  grids: [],
  gridsTotal: 0,
}

/** The trend's point for today follows the live figures between refetches. */
function patchTrend(trend: KpiGroup[], today: KpiPeriod): KpiGroup[] {
  const last = trend.at(-1)
  if (!last || last.key !== today.from) return trend
  return [...trend.slice(0, -1), { ...last, figures: today.figures }]
}

/** Merges a `kpi:changed` push: an older push (by seq) than what is shown is ignored. */
export function applyLive(view: KpiView, push: KpiChanged): KpiView {
  // A new day starts from scratch whatever the seqs say.
  const newDay = view.today !== null && view.today.from !== push.today.from
  const takeToday = newDay || push.seq >= view.todaySeq
  const takeMonth = newDay || push.seq >= view.monthSeq
  if (!takeToday && !takeMonth) return view
  return {
    ...view,
    asOf: push.asOf,
    today: takeToday ? push.today : view.today,
    todaySeq: takeToday ? push.seq : view.todaySeq,
    month: takeMonth ? push.month : view.month,
    monthSeq: takeMonth ? push.seq : view.monthSeq,
    trend: takeToday ? patchTrend(view.trend, push.today) : view.trend,
  }
}

export interface KpiReports {
  today: KpiReport
  month: KpiReport
  trend: KpiReport
}

/**
 * Merges fetched reports. The grouped figures always come from them; today's and this month's
 * totals only when they are at least as new as the pushed ones. Reports for another day than
 * `ranges` (the day turned while they were in flight) are dropped whole.
 */
export function applyReports(view: KpiView, reports: KpiReports, ranges: KpiRanges): KpiView {
  const { today, month, trend } = reports
  if (today.from !== ranges.today || month.from !== ranges.monthFrom || trend.to !== ranges.today) return view
  const sameDay = view.today?.from === ranges.today
  const takeToday = !sameDay || today.seq >= view.todaySeq
  const takeMonth = view.month?.from !== ranges.monthFrom || month.seq >= view.monthSeq
  const nextToday = takeToday ? { from: today.from, to: today.to, figures: today.total } : view.today
  const todaySeq = takeToday ? today.seq : view.todaySeq
  let trendGroups = trend.groups
  if (nextToday && todaySeq > trend.seq) trendGroups = patchTrend(trendGroups, nextToday)
  return {
    asOf: [view.asOf, today.asOf].filter((a): a is string => a !== null).sort().at(-1) ?? null,
    today: nextToday,
    todaySeq,
    month: takeMonth ? { from: month.from, to: month.to, figures: month.total } : view.month,
    monthSeq: takeMonth ? month.seq : view.monthSeq,
    byChannel: today.byChannel,
    channels: today.groups,
    trend: trendGroups,
    topCategories: month.topCategories,
    grids: month.groups,
    gridsTotal: month.groupsTotal,
  }
}

/**
 * Today's and this month's figures, the 30-day trend, top categories, the grid ranking and intake
 * by channel. The server pushes today's and this month's totals (`kpi:changed`, at most once a
 * second), which apply at once; each push also asks for the grouped reports, which are refetched
 * at most every KPI_REFETCH_MS.
 */
export const useKpiStore = defineStore('kpi', () => {
  const view = shallowRef<KpiView>(EMPTY_KPI_VIEW)
  /** Server clock minus ours, so "today" is the server's day even on a wall PC with a wrong clock. */
  let clockOffsetMs = 0
  const ranges = shallowRef<KpiRanges>(rangesFor(beijingDay(new Date())))
  const loadState = ref<KpiLoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  const lastFetchedAt = ref<number | null>(null)
  let controller = new AbortController()
  const waiters: Array<() => void> = []
  let dayTimer: ReturnType<typeof setInterval> | undefined

  const serverDay = () => beijingDay(new Date(Date.now() + clockOffsetMs))

  async function fetchReports(): Promise<void> {
    const r = ranges.value
    const { signal } = controller
    const path = (params: Record<string, string>) => `/kpi?${new URLSearchParams(params)}`
    try {
      const [today, month, trend] = await Promise.all([
        getJson(path({ from: r.today, to: r.today, groupBy: 'source' }), KpiReport, { signal }),
        getJson(path({ from: r.monthFrom, to: r.today, groupBy: 'grid', limit: String(GRID_LIMIT) }), KpiReport, { signal }),
        getJson(path({ from: r.trendFrom, to: r.today, groupBy: 'day' }), KpiReport, { signal }),
      ])
      if (signal.aborted) return
      view.value = applyReports(view.value, { today, month, trend }, ranges.value)
      loadState.value = 'ready'
      error.value = null
      lastFetchedAt.value = Date.now()
    } catch (cause) {
      if (signal.aborted) return
      error.value = toApiError(cause)
      // Figures already shown stay; the next push or reconnect asks again.
      if (loadState.value !== 'ready') loadState.value = 'error'
    } finally {
      waiters.splice(0).forEach((resolve) => resolve())
    }
  }

  const refetch = createCoalescer(fetchReports, KPI_REFETCH_MS)

  function turnDay(today: string): void {
    if (today === ranges.value.today) return
    ranges.value = rangesFor(today)
    refetch.flush()
  }

  function onKpiChanged(push: KpiChanged): void {
    clockOffsetMs = Date.parse(push.asOf) - Date.now()
    view.value = applyLive(view.value, push)
    if (push.today.from !== ranges.value.today) turnDay(push.today.from)
    else if (loadState.value !== 'idle') refetch.request()
  }

  function onHello(payload: { serverTime: string }): void {
    clockOffsetMs = Date.parse(payload.serverTime) - Date.now()
    // Pushes were missed while the link was down.
    if (loadState.value !== 'idle') refetch.request()
  }

  const unsubscribe = [onServerEvent('kpi:changed', onKpiChanged), onServerEvent('server:hello', onHello)]
  onScopeDispose(() => {
    unsubscribe.forEach((off) => off())
    dehydrate()
  })

  /** Loads the reports (again, after a failure). Resolves when a fetch has finished; never rejects. */
  function hydrate(): Promise<void> {
    if (loadState.value === 'ready') return Promise.resolve()
    if (loadState.value !== 'loading') loadState.value = 'loading'
    clearInterval(dayTimer)
    dayTimer = setInterval(() => turnDay(serverDay()), DAY_CHECK_MS)
    ranges.value = rangesFor(serverDay())
    const done = new Promise<void>((resolve) => waiters.push(resolve))
    refetch.flush()
    return done
  }

  function dehydrate(): void {
    controller.abort()
    controller = new AbortController()
    refetch.cancel()
    clearInterval(dayTimer)
    dayTimer = undefined
    waiters.splice(0).forEach((resolve) => resolve())
    view.value = EMPTY_KPI_VIEW
    loadState.value = 'idle'
    error.value = null
    lastFetchedAt.value = null
  }

  return {
    view,
    ranges,
    loadState,
    error,
    lastFetchedAt,
    asOf: computed(() => view.value.asOf),
    today: computed(() => view.value.today?.figures ?? null),
    month: computed(() => view.value.month?.figures ?? null),
    byChannel: computed(() => view.value.byChannel),
    channels: computed(() => view.value.channels),
    trend: computed(() => view.value.trend),
    topCategories: computed(() => view.value.topCategories),
    grids: computed(() => view.value.grids),
    /** Asks for fresh grouped reports (paced like pushes are). */
    refresh: () => refetch.request(),
    hydrate,
    dehydrate,
  }
})

function toApiError(cause: unknown): ApiError {
  if (isApiError(cause)) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('BAD_RESPONSE', `loading KPI figures failed: ${message}`, 0, '/kpi')
}
