import type {
  Camera,
  Category,
  Community,
  Grid,
  Market,
  ReferenceData,
  Road,
  Street,
  Team,
  Terminal,
  Unit,
  Worker,
} from '@shared/schemas/reference'
import type { Db } from '../store/database'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
  total: number
}

/** Territory and organisation of the center: read-mostly, replaced whole by an import. */
export interface ReferenceRepository {
  isEmpty(): boolean
  /** Replace everything in one transaction: an import either lands whole or not at all. */
  replaceAll(data: ReferenceData, source: string): void
  street(): Street | null
  communities(): Community[]
  grids(): Grid[]
  roads(): Road[]
  markets(): Market[]
  cameras(): Camera[]
  camera(id: string): Camera | null
  categories(): Category[]
  units(): Unit[]
  teams(): Team[]
  terminals(): Terminal[]
  workers(query: { gridId?: string; cursor?: string | null; limit: number }): Page<Worker>
  worker(id: string): Worker | null
  counts(): Record<string, number>
}

type Kind = 'street' | 'community' | 'grid' | 'road' | 'market' | 'camera' | 'category' | 'unit' | 'team' | 'terminal' | 'worker'

interface Row {
  id: string
  ord: number
  data: string
}

export function createSqliteReferenceRepository(db: Db): ReferenceRepository {
  const insert = db.prepare(
    'INSERT INTO reference_items (kind, id, ord, grid_id, community_id, data) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const selectKind = db.prepare('SELECT id, ord, data FROM reference_items WHERE kind = ? ORDER BY ord')
  const selectWorker = db.prepare("SELECT data FROM reference_items WHERE kind = 'worker' AND id = ?")
  const workerPage = db.prepare(
    `SELECT id, ord, data FROM reference_items
     WHERE kind = 'worker' AND ord > @after AND (@gridId IS NULL OR grid_id = @gridId)
     ORDER BY ord LIMIT @limit`,
  )
  const workerCount = db.prepare(
    "SELECT COUNT(*) AS n FROM reference_items WHERE kind = 'worker' AND (@gridId IS NULL OR grid_id = @gridId)",
  )
  const countAll = db.prepare('SELECT kind, COUNT(*) AS n FROM reference_items GROUP BY kind')

  // Small and read on every wall load, so it is cached and dropped on replaceAll.
  const cache = new Map<Kind, unknown[]>()
  let cameraIndex: Map<string, Camera> | null = null

  function all<T>(kind: Kind): T[] {
    let items = cache.get(kind)
    if (!items) {
      items = (selectKind.all(kind) as Row[]).map((row) => JSON.parse(row.data) as unknown)
      cache.set(kind, items)
    }
    return items as T[]
  }

  const replace = db.transaction((data: ReferenceData, source: string) => {
    db.prepare('DELETE FROM reference_items').run()
    const put = (kind: Kind, items: { id: string }[], grid?: (x: never) => string | null, community?: (x: never) => string | null) =>
      items.forEach((item, ord) =>
        insert.run(kind, item.id, ord, grid?.(item as never) ?? null, community?.(item as never) ?? null, JSON.stringify(item)),
      )
    put('street', [data.street])
    put('community', data.communities)
    put('grid', data.grids, undefined, (g: Grid) => g.communityId)
    put('road', data.roads)
    put('market', data.markets, (m: Market) => m.gridId)
    put('camera', data.cameras, (c: Camera) => c.gridId, (c: Camera) => c.communityId)
    put('category', data.categories.map((c) => ({ ...c, id: c.code })))
    put('unit', data.units)
    put('team', data.teams, undefined, (t: Team) => t.communityId)
    put('terminal', data.terminals)
    put('worker', data.workers, (w: Worker) => w.gridId)
    const counts = countsNow()
    db.prepare('INSERT INTO reference_imports (imported_at, source, counts) VALUES (?, ?, ?)').run(
      new Date().toISOString(),
      source,
      JSON.stringify(counts),
    )
  })

  function countsNow(): Record<string, number> {
    return Object.fromEntries((countAll.all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]))
  }

  return {
    isEmpty: () => countsNow()['street'] === undefined,
    replaceAll(data, source) {
      replace(data, source)
      cache.clear()
      cameraIndex = null
    },
    street: () => all<Street>('street')[0] ?? null,
    communities: () => all<Community>('community'),
    grids: () => all<Grid>('grid'),
    roads: () => all<Road>('road'),
    markets: () => all<Market>('market'),
    cameras: () => all<Camera>('camera'),
    camera(id) {
      cameraIndex ??= new Map(all<Camera>('camera').map((c) => [c.id, c]))
      return cameraIndex.get(id) ?? null
    },
    categories: () => all<Category & { id: string }>('category').map(({ id: _id, ...c }) => c),
    units: () => all<Unit>('unit'),
    teams: () => all<Team>('team'),
    terminals: () => all<Terminal>('terminal'),
    worker(id) {
      const row = selectWorker.get(id) as { data: string } | undefined
      return row ? (JSON.parse(row.data) as Worker) : null
    },
    workers({ gridId, cursor, limit }) {
      const after = cursor ? Number.parseInt(cursor, 10) : -1
      const rows = workerPage.all({ after, gridId: gridId ?? null, limit: limit + 1 }) as Row[]
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map((r) => JSON.parse(r.data) as Worker),
        nextCursor: rows.length > limit && last ? String(last.ord) : null,
        total: (workerCount.get({ gridId: gridId ?? null }) as { n: number }).n,
      }
    },
    counts: countsNow,
  }
}
