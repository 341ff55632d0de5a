import type { Case } from '@shared/schemas/case'
import type { CaseListQuery, CasePage, CaseWithHistory, EventsPage, EventsQuery, PossibleDuplicates, PossibleDuplicatesQuery, StreamEvent } from '@shared/schemas/caseApi'
import { createError } from '../core/appError'
import { possibleDuplicates } from './caseDuplicates'
import type { CaseRepository } from './caseRepository'

export interface CaseQueries {
  /** The current case without its history (scope checks before acting). */
  current(id: string): Case
  get(id: string): CaseWithHistory
  /** The reporter's number in full, for the audited reveal route only. */
  reporterPhone(id: string): string | null
  list(query: CaseListQuery): CasePage
  events(query: EventsQuery): EventsPage
  /** Events in (since, until] for a client resuming the stream, or reload when too far behind. */
  replay(since: number, until: number): { reload: true } | { reload: false; events: StreamEvent[] }
  lastSeq(): number
  /** Open cases a call being registered may repeat (caseDuplicates.ts, possibleDuplicates). */
  possibleDuplicates(query: PossibleDuplicatesQuery): PossibleDuplicates
}

function encodeCursor(c: Case): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw createError('VALIDATION_FAILED', 'invalid query: cursor: not a cursor from this API')
}

/** Reading cases and the event stream: lists with opaque cursors, history, resume and replay. */
export function createCaseQueries(deps: { repo: CaseRepository; replayLimit: number; now: () => Date }): CaseQueries {
  const { repo, replayLimit } = deps

  function mustGet(id: string): Case {
    const c = repo.get(id)
    if (!c) throw createError('NOT_FOUND', `no case ${id}`)
    return c
  }

  function list(query: CaseListQuery): CasePage {
    const { cursor, limit, ...filter } = query
    const seq = repo.lastSeq()
    const rows = repo.list(filter, { after: cursor ? decodeCursor(cursor) : null, limit: limit + 1 })
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null, seq }
  }

  function tooFarBehind(since: number, last: number): boolean {
    // A client ahead of the server saw a stream this store never wrote (e.g. a reset demo): reload.
    return since > last || last - since > replayLimit
  }

  return {
    current: mustGet,
    possibleDuplicates({ categoryCode, lng, lat }) {
      const found = possibleDuplicates(repo, { categoryCode, location: { lng, lat }, at: deps.now() })
      return {
        items: found.flatMap(({ id, distanceM }) => {
          const c = repo.get(id)
          return c ? [{ case: c, distanceM }] : []
        }),
      }
    },
    reporterPhone(id) {
      const found = repo.reporterPhone(id)
      if (!found.found) throw createError('NOT_FOUND', `no case ${id}`)
      return found.phone
    },
    get(id) {
      const c = mustGet(id)
      return { ...c, history: repo.history(id) }
    },
    list,
    events({ since, limit }) {
      const lastSeq = repo.lastSeq()
      if (tooFarBehind(since, lastSeq)) return { events: [], lastSeq, hasMore: false, nextSince: since, reload: true }
      const events = repo.eventsBetween(since, lastSeq, limit)
      const nextSince = events.at(-1)?.seq ?? since
      return { events, lastSeq, hasMore: nextSince < lastSeq, nextSince, reload: false }
    },
    replay(since, until) {
      if (since > repo.lastSeq()) return { reload: true }
      if (since >= until) return { reload: false, events: [] }
      if (until - since > replayLimit) return { reload: true }
      return { reload: false, events: repo.eventsBetween(since, until, until - since) }
    },
    lastSeq: () => repo.lastSeq(),
  }
}
