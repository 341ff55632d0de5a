import { DEFAULT_METHOD } from '@shared/rules/evaluation'
import { EvaluationMethod, EvaluationMethodInput, type EvaluationMethods } from '@shared/schemas/evaluation'
import { createError } from '../core/appError'
import type { Db } from '../store/database'

/**
 * The evaluation methods (migration 9), one row per version, never edited: a ranking names the
 * version it was scored with, so last month's list can be scored again as it was published.
 * The highest version is the current one. The built-in defaults become version 1 on first use.
 */
export interface EvaluationMethodRepository {
  list(): EvaluationMethods
  /** The named version, or the current one; 404 for a version that does not exist. */
  get(version?: number): EvaluationMethod
  /** Store a new version and make it current. */
  add(input: EvaluationMethodInput, createdBy: string): EvaluationMethod
}

export function createEvaluationMethodRepository(db: Db, now: () => Date = () => new Date()): EvaluationMethodRepository {
  const selectAll = db.prepare('SELECT version, created_at AS createdAt, created_by AS createdBy, data FROM evaluation_methods ORDER BY version DESC')
  const selectOne = db.prepare('SELECT version, created_at AS createdAt, created_by AS createdBy, data FROM evaluation_methods WHERE version = ?')
  const selectLatest = db.prepare('SELECT MAX(version) FROM evaluation_methods').pluck()
  const insert = db.prepare('INSERT INTO evaluation_methods (version, created_at, created_by, data) VALUES (?, ?, ?, ?)')

  type Row = { version: number; createdAt: string; createdBy: string; data: string }
  const methodOf = (row: Row): EvaluationMethod =>
    EvaluationMethod.parse({ ...(JSON.parse(row.data) as EvaluationMethodInput), version: row.version, createdAt: row.createdAt, createdBy: row.createdBy })

  const addVersion = db.transaction((input: EvaluationMethodInput, createdBy: string): number => {
    const version = ((selectLatest.get() as number | null) ?? 0) + 1
    insert.run(version, now().toISOString(), createdBy, JSON.stringify(EvaluationMethodInput.parse(input)))
    return version
  })

  function ensureDefaults(): void {
    if (selectLatest.get() === null) addVersion(DEFAULT_METHOD, 'system')
  }

  return {
    list() {
      ensureDefaults()
      const methods = (selectAll.all() as Row[]).map(methodOf)
      return { current: methods[0]!.version, methods }
    },
    get(version) {
      ensureDefaults()
      const v = version ?? (selectLatest.get() as number)
      const row = selectOne.get(v) as Row | undefined
      if (!row) throw createError('NOT_FOUND', `evaluation method version ${v} does not exist`)
      return methodOf(row)
    },
    add(input, createdBy) {
      ensureDefaults()
      const version = addVersion(input, createdBy)
      return methodOf(selectOne.get(version) as Row)
    },
  }
}
