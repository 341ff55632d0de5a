import { type Ref, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { Ranking, RankingExplanation, type RankingKind, type RankingLevel } from '@shared/schemas/evaluation'
import { getJson } from '../../../api/http'
import { rankingSearch } from './rankingView'

/**
 * The rankings page's data: the ranking of the chosen level and kind for the briefing's period and
 * scope, refetched when any of them changes (a stale answer never overwrites a newer one), and the
 * explanation of the row clicked.
 */
export function useRankings(props: { from: string; to: string; scope: string }, level: Ref<RankingLevel>, kind: Ref<RankingKind>) {
  const ranking = shallowRef<Ranking | null>(null)
  const error = ref<string | null>(null)
  const loading = ref(false)
  const explanation = shallowRef<RankingExplanation | null>(null)
  const explaining = ref<string | null>(null)
  let controller: AbortController | null = null

  async function load(): Promise<void> {
    controller?.abort()
    const mine = (controller = new AbortController())
    loading.value = true
    explanation.value = null
    explaining.value = null
    try {
      const search = rankingSearch({ ...props, level: level.value, kind: kind.value })
      const answer = await getJson(`/rankings?${search}`, Ranking, { signal: mine.signal })
      if (mine !== controller) return
      ranking.value = answer
      error.value = null
    } catch (err) {
      if (mine !== controller) return
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (mine === controller) loading.value = false
    }
  }

  async function explain(subject: string): Promise<void> {
    explaining.value = subject
    explanation.value = null
    const search = rankingSearch({ ...props, level: level.value, kind: kind.value, subject })
    try {
      const answer = await getJson(`/rankings/explain?${search}`, RankingExplanation)
      if (explaining.value === subject) explanation.value = answer
    } catch (err) {
      if (explaining.value === subject) error.value = err instanceof Error ? err.message : String(err)
    }
  }

  watch(() => [props.from, props.to, props.scope, level.value, kind.value], () => void load(), { immediate: true })
  onScopeDispose(() => controller?.abort())

  /** The download link of the ranking as shown, in one format. */
  const downloadHref = (format: 'xlsx' | 'csv') => `/api/v1/rankings.${format}?${rankingSearch({ ...props, level: level.value, kind: kind.value })}`

  return { ranking, error, loading, explanation, explaining, explain, downloadHref }
}
