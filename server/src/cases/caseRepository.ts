import type { Statement } from 'better-sqlite3'
import type { Case, CaseEvent } from '@shared/schemas/case'
import type { CaseListQuery, StreamAction, StreamEvent, StreamEventType } from '@shared/schemas/caseApi'
import type { Db } from '../store/database'
import { packEventData, unpackEventData } from '../store/eventData'
import { listQuery } from './caseListQuery'
import { prepareCaseStatements } from './caseStatements'

/** What a committed change hands back: its place in the event stream and the case after it. */
export interface CommittedChange {
  seq: number
  case: Case
  /** Set by whoever committed the transaction, once it has committed (the stream's lag is measured from it). */
  committedAt?: string
}

export interface IdempotencyClaim {
  actorId: string
  key: string
  bodyHash: string
}

export interface NewCase {
  /** The case as served (masked); `code` is assigned inside the transaction. */
  draft: Omit<Case, 'code'>
  /** Full number, kept in its own column only. */
  reporterPhone: string | null
  /** Builds the human case number from the day's running number, e.g. GL-20261128-0042. */
  codeDay: string
  formatCode: (day: string, n: number) => string
  entry: CaseEvent
  idempotency: IdempotencyClaim | null
  /** When the deadline ticker must look at the case next (see caseTimers.nextFlip). */
  nextFlagAt: string | null
}

export interface NearbyCase {
  id: string
  location: { lng: number; lat: number }
  createdAt: string
}

/** One case write of a transition: optimistic on `expectedVersion`, with its history entry. */
export interface CaseWrite {
  next: Case
  expectedVersion: number
  entry: CaseEvent
  nextFlagAt: string | null
}

export type UpdateAllResult = { ok: true; changes: CommittedChange[] } | { ok: false; current: Case | null }

/** A flag change found by the clock: no one acted, so no history entry and no version bump. */
export interface ClockWrite {
  next: Case
  type: Extract<StreamEventType, 'at_risk' | 'overdue'>
  at: string
  nextFlagAt: string | null
}

export type CreateResult =
  | ({ created: true } & CommittedChange)
  /** The idempotency key was used before; the caller compares the body hash. */
  | { created: false; caseId: string; bodyHash: string }

export type UpdateResult = ({ ok: true } & CommittedChange) | { ok: false; current: Case | null }

export type CaseFilter = Omit<CaseListQuery, 'cursor' | 'limit'>

export interface CaseRepository {
  /** Intake: case, first history entry, idempotency key and event row commit together or not at all. */
  create(input: NewCase): CreateResult
  /** Optimistic concurrency: writes only if the stored version is still `expectedVersion`. */
  update(next: Case, expectedVersion: number, entry: CaseEvent, nextFlagAt?: string | null): UpdateResult
  /**
   * Several cases in one commit (a merge writes both sides), each version-checked; all or nothing.
   * `alongside` runs inside the same transaction after the writes (e.g. the audit entry of the
   * decision): if it throws, nothing is written.
   */
  updateAll(writes: CaseWrite[], alongside?: (changes: CommittedChange[]) => void): UpdateAllResult
  /** Open cases of a category created at or after `since` whose point lies in the box (read from the index alone). */
  nearby(categoryCode: string, since: string, box: { west: number; south: number; east: number; north: number }): NearbyCase[]
  /** Cases whose clock flags may have changed by `until`, soonest first. */
  dueClocks(until: string, limit: number): Case[]
  /** Write a clock flag change as an event; false when the case moved on meanwhile (version differs). */
  writeClock(write: ClockWrite): CommittedChange | null
  /** Re-arm the ticker for a case whose flags did not change (e.g. a flip instant in a lunch break). */
  setNextFlag(id: string, nextFlagAt: string | null): void
  /** Run `fn` in one transaction; the repository's own writes inside it become savepoints (group commit). */
  transaction(fn: () => void): void
  /** Store recomputed timers without an event: only for upgrading cases written before timers existed. */
  upgradeClock(next: Case, nextFlagAt: string | null): void
  get(id: string): Case | null
  /** The reporter's number in full: only for an audited reveal, never in a case or an event. */
  reporterPhone(id: string): { found: boolean; phone: string | null }
  history(id: string): CaseEvent[]
  /** Newest first, keyset-paged on (createdAt, id). */
  list(filter: CaseFilter, page: { after: { createdAt: string; id: string } | null; limit: number }): Case[]
  lastSeq(): number
  /** Events with seq in (since, until], oldest first, at most `limit`. */
  eventsBetween(since: number, until: number, limit: number): StreamEvent[]
}

interface CaseRow {
  data: string
}

interface EventRow {
  seq: number
  type: StreamEventType
  case_id: string
  action: StreamAction
  at: string
  data: string | Buffer
}

/** What text search looks in, lower-cased once at write time so a query does not re-lower every row. */
const searchText = (c: Case) => [c.code, c.title, c.description, c.address].join('\n').toLowerCase()

/** The indexed columns of a case row, and the case itself as its JSON document. */
const columns = (c: Case) => ({
  id: c.id,
  code: c.code,
  version: c.version,
  state: c.state,
  source: c.source,
  categoryCode: c.categoryCode,
  gridId: c.gridId,
  communityId: c.communityId,
  assigneeKind: c.assignee?.kind ?? null,
  assigneeId: c.assignee?.id ?? null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  search: searchText(c),
  data: JSON.stringify(c),
  overdue: Number(c.overdue),
  atRisk: Number(c.atRisk),
  lng: c.location.lng,
  lat: c.location.lat,
})

export function createSqliteCaseRepository(db: Db): CaseRepository {
  const { insertCase, updateCase, selectNearby, selectDue, updateNextFlag, selectCase, selectPhone, insertHistory, selectHistory, nextCode, selectKey, insertKey, insertEvent, selectLastSeq, selectEvents } = prepareCaseStatements(db)


  /** `data`: the case as columns() serialised it, so a write serialises its case once. */
  function appendEvent(type: StreamEventType, action: StreamAction, at: string, c: Case, data: string): number {
    return Number(insertEvent.run(type, c.id, action, at, packEventData(data)).lastInsertRowid)
  }

  const create = db.transaction((input: NewCase): CreateResult => {
    if (input.idempotency) {
      const { actorId, key } = input.idempotency
      const seen = selectKey.get(actorId, key) as { case_id: string; body_hash: string } | undefined
      if (seen) return { created: false, caseId: seen.case_id, bodyHash: seen.body_hash }
    }
    const n = (nextCode.get(input.codeDay) as { last: number }).last
    const c = { ...input.draft, code: input.formatCode(input.codeDay, n) } as Case
    const row = columns(c)
    insertCase.run({ ...row, reporterPhone: input.reporterPhone, nextFlagAt: input.nextFlagAt })
    insertHistory.run(c.id, JSON.stringify(input.entry))
    if (input.idempotency) {
      const { actorId, key, bodyHash } = input.idempotency
      insertKey.run(actorId, key, bodyHash, c.id, c.createdAt)
    }
    return { created: true, seq: appendEvent('reported', 'report', input.entry.at, c, row.data), case: c }
  })

  /** Thrown inside a transaction to roll back every write of it. */
  class Stale extends Error {
    constructor(readonly current: Case | null) {
      super('stale version')
    }
  }

  const writeAll = db.transaction((writes: CaseWrite[], alongside?: (changes: CommittedChange[]) => void): CommittedChange[] => {
    const changes = writes.map(({ next, expectedVersion, entry, nextFlagAt }) => {
      // The version check is part of the write itself, so two racing writers cannot both pass it.
      const row = columns(next)
      const changed = updateCase.run({ ...row, expectedVersion, nextFlagAt }).changes
      if (changed === 0) throw new Stale(get(next.id))
      insertHistory.run(next.id, JSON.stringify(entry))
      return { seq: appendEvent('transitioned', entry.action, entry.at, next, row.data), case: next }
    })
    alongside?.(changes)
    return changes
  })

  function updateAll(writes: CaseWrite[], alongside?: (changes: CommittedChange[]) => void): UpdateAllResult {
    try {
      return { ok: true, changes: writeAll(writes, alongside) }
    } catch (err) {
      if (err instanceof Stale) return { ok: false, current: err.current }
      throw err
    }
  }

  function update(next: Case, expectedVersion: number, entry: CaseEvent, nextFlagAt: string | null = null): UpdateResult {
    const result = updateAll([{ next, expectedVersion, entry, nextFlagAt }])
    return result.ok ? { ok: true, ...result.changes[0]! } : result
  }

  const writeClock = db.transaction((w: ClockWrite): CommittedChange | null => {
    // Same version: the clock is not a decision, so a form an operator has open stays valid.
    const row = columns(w.next)
    const changed = updateCase.run({ ...row, expectedVersion: w.next.version, nextFlagAt: w.nextFlagAt }).changes
    if (changed === 0) return null
    return { seq: appendEvent(w.type, 'clock', w.at, w.next, row.data), case: w.next }
  })

  function get(id: string): Case | null {
    const row = selectCase.get(id) as CaseRow | undefined
    return row ? (JSON.parse(row.data) as Case) : null
  }

  // Filter combinations are few in practice; one prepared statement per distinct SQL text.
  const listStatements = new Map<string, Statement>()

  function list(filter: CaseFilter, page: { after: { createdAt: string; id: string } | null; limit: number }): Case[] {
    const { sql, params } = listQuery(filter, page)
    let statement = listStatements.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      listStatements.set(sql, statement)
    }
    return (statement.all(params) as CaseRow[]).map((row) => JSON.parse(row.data) as Case)
  }

  const parseRows = (rows: unknown[]) => (rows as CaseRow[]).map((row) => JSON.parse(row.data) as Case)

  return {
    create,
    update,
    updateAll,
    transaction: (fn) => db.transaction(fn)(),
    nearby: (categoryCode, since, box) =>
      (selectNearby.all({ categoryCode, since, ...box }) as { id: string; lng: number; lat: number; created_at: string }[]).map(
        (r) => ({ id: r.id, location: { lng: r.lng, lat: r.lat }, createdAt: r.created_at }),
      ),
    dueClocks: (until, limit) => parseRows(selectDue.all(until, limit)),
    writeClock,
    setNextFlag: (id, nextFlagAt) => void updateNextFlag.run(nextFlagAt, id),
    upgradeClock: (next, nextFlagAt) => void updateCase.run({ ...columns(next), expectedVersion: next.version, nextFlagAt }),
    get,
    reporterPhone: (id) => {
      const row = selectPhone.get(id) as { phone: string | null } | undefined
      return { found: row !== undefined, phone: row?.phone ?? null }
    },
    history: (id) => (selectHistory.all(id) as CaseRow[]).map((row) => JSON.parse(row.data) as CaseEvent),
    list,
    lastSeq: () => (selectLastSeq.get() as { seq: number }).seq,
    eventsBetween: (since, until, limit) =>
      (selectEvents.all(since, until, limit) as EventRow[]).map((row) => ({
        seq: row.seq,
        type: row.type,
        caseId: row.case_id,
        action: row.action,
        at: row.at,
        case: JSON.parse(unpackEventData(row.data)) as Case,
      })),
  }
}
