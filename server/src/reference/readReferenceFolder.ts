import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { LineStringGeometry, PolygonGeometry } from '@shared/schemas/geo'
import {
  Camera,
  Category,
  Community,
  Grid,
  Market,
  type ReferenceData,
  Road,
  Street,
  Team,
  Terminal,
  Unit,
  Worker,
} from '@shared/schemas/reference'
import { CsvSyntaxError, parseCsv } from './csv'
import { type Sourced, checkReference } from './referenceChecks'
import {
  CAMERA_COLUMNS,
  type CsvColumn,
  REFERENCE_FILES,
  TERMINAL_COLUMNS,
  WORKER_COLUMNS,
  rowToRecord,
} from './referenceFormat'
import { ReferenceImportError } from './referenceImportError'

export { ReferenceImportError } from './referenceImportError'

/**
 * Read and validate an import folder (format: referenceFormat.ts / the folder's README.md).
 * Every record is parsed with the shared schemas, then the files are checked against each
 * other; the first problem throws a ReferenceImportError naming file, record and problem.
 */
export function readReferenceFolder(dir: string): ReferenceData {
  const reader = folderReader(dir)
  const street = reader.features(REFERENCE_FILES.street, PolygonGeometry, Street.omit({ boundary: true }), (p, g) => ({ ...p, boundary: g }))
  if (street.items.length !== 1) {
    throw new ReferenceImportError(street.file, 'whole file', `expected exactly 1 feature (the street), found ${street.items.length}`)
  }
  const src = {
    street,
    communities: reader.features(REFERENCE_FILES.communities, PolygonGeometry, Community.omit({ boundary: true }), (p, g) => ({ ...p, boundary: g })),
    grids: reader.features(REFERENCE_FILES.grids, PolygonGeometry, Grid.omit({ boundary: true }), (p, g) => ({ ...p, boundary: g })),
    roads: reader.features(REFERENCE_FILES.roads, LineStringGeometry, Road.omit({ geometry: true }), (p, g) => ({ ...p, geometry: g })),
    markets: reader.items(REFERENCE_FILES.markets, Market),
    cameras: reader.csv(REFERENCE_FILES.cameras, CAMERA_COLUMNS, Camera),
    workers: reader.csv(REFERENCE_FILES.workers, WORKER_COLUMNS, Worker),
    terminals: reader.csv(REFERENCE_FILES.terminals, TERMINAL_COLUMNS, Terminal),
    teams: reader.items(REFERENCE_FILES.teams, Team),
    units: reader.items(REFERENCE_FILES.units, Unit),
    categories: reader.items(REFERENCE_FILES.categories, Category),
  }
  checkReference(src)
  return {
    street: street.items[0]!,
    communities: src.communities.items,
    grids: src.grids.items,
    roads: src.roads.items,
    markets: src.markets.items,
    cameras: src.cameras.items,
    workers: src.workers.items,
    teams: src.teams.items,
    terminals: src.terminals.items,
    units: src.units.items,
    categories: src.categories.items,
  }
}

/** `properties.communityId: <message>` for the first issue; CSV paths are named by column. */
function describeIssue(error: z.ZodError, columns?: readonly CsvColumn[]): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid record'
  const dotted = issue.path.map(String).join('.')
  const column = columns?.find((c) => c.path.join('.') === dotted)
  const where = column ? `column "${column.name}"` : dotted
  return where ? `${where}: ${issue.message}` : issue.message
}

/** ` (id G12)` when the raw record carries a usable id or code, for the record label. */
function idSuffix(raw: unknown): string {
  const r = (raw ?? {}) as Record<string, unknown>
  const props = (r['properties'] ?? {}) as Record<string, unknown>
  for (const [label, value] of [
    ['id', props['id']],
    ['id', r['id']],
    ['code', r['code']],
  ] as const) {
    if (typeof value === 'string' && value.length > 0 && value.length <= 64) return ` (${label} ${value})`
  }
  return ''
}

function folderReader(dir: string) {
  const text = (file: string): string => {
    const full = path.join(dir, file)
    if (!fs.existsSync(full)) throw new ReferenceImportError(file, 'whole file', `missing from ${dir}`)
    return fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, '')
  }
  const json = (file: string): unknown => {
    const body = text(file)
    try {
      return JSON.parse(body)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const at = /position (\d+)/.exec(message)
      const line = at ? body.slice(0, Number(at[1])).split('\n').length : undefined
      throw new ReferenceImportError(file, line ? `line ${line}` : 'whole file', `invalid JSON: ${message}`)
    }
  }

  return {
    features<P extends z.ZodType, G extends z.ZodType, T>(
      file: string,
      geometry: G,
      properties: P,
      build: (props: z.infer<P>, geom: z.infer<G>) => T,
    ): Sourced<T> {
      const top = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }).safeParse(json(file))
      if (!top.success) throw new ReferenceImportError(file, 'whole file', `not a GeoJSON FeatureCollection: ${describeIssue(top.error)}`)
      const feature = z.object({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]).optional(), geometry, properties })
      const out: Sourced<T> = { file, items: [], records: [] }
      top.data.features.forEach((raw, i) => {
        const record = `feature ${i + 1}${idSuffix(raw)}`
        const parsed = feature.safeParse(raw)
        if (!parsed.success) throw new ReferenceImportError(file, record, describeIssue(parsed.error))
        const { properties: props, geometry: geom } = parsed.data as { properties: z.infer<P>; geometry: z.infer<G> }
        out.items.push(build(props, geom))
        out.records.push(record)
      })
      return out
    },

    items<S extends z.ZodType>(file: string, schema: S): Sourced<z.infer<S>> {
      const top = json(file)
      if (!Array.isArray(top)) throw new ReferenceImportError(file, 'whole file', 'expected a JSON array of records')
      const out: Sourced<z.infer<S>> = { file, items: [], records: [] }
      top.forEach((raw: unknown, i) => {
        const record = `item ${i + 1}${idSuffix(raw)}`
        const parsed = schema.safeParse(raw)
        if (!parsed.success) throw new ReferenceImportError(file, record, describeIssue(parsed.error))
        out.items.push(parsed.data)
        out.records.push(record)
      })
      return out
    },

    csv<S extends z.ZodType>(file: string, columns: readonly CsvColumn[], schema: S): Sourced<z.infer<S>> {
      let rows
      try {
        rows = parseCsv(text(file))
      } catch (err) {
        if (err instanceof CsvSyntaxError) throw new ReferenceImportError(file, `line ${err.line}`, err.problem)
        throw err
      }
      const [header, ...body] = rows
      if (!header) throw new ReferenceImportError(file, 'line 1', 'the header row is missing')
      const names = header.fields.map((f) => f.trim())
      const duplicate = names.find((n, i) => names.indexOf(n) !== i)
      if (duplicate) throw new ReferenceImportError(file, `line ${header.line}`, `column "${duplicate}" appears twice in the header`)
      const missing = columns.filter((c) => !names.includes(c.name)).map((c) => `"${c.name}"`)
      if (missing.length > 0) throw new ReferenceImportError(file, `line ${header.line}`, `header lacks column ${missing.join(', ')}`)
      const order = columns.map((c) => names.indexOf(c.name))
      const idAt = names.indexOf('id')
      const out: Sourced<z.infer<S>> = { file, items: [], records: [] }
      for (const row of body) {
        const id = row.fields[idAt]
        const record = `line ${row.line}${id && id.length <= 64 ? ` (id ${id})` : ''}`
        if (row.fields.length !== names.length) {
          throw new ReferenceImportError(file, record, `expected ${names.length} fields as in the header, found ${row.fields.length}`)
        }
        const parsed = schema.safeParse(rowToRecord(columns, order.map((i) => row.fields[i]!)))
        if (!parsed.success) throw new ReferenceImportError(file, record, describeIssue(parsed.error, columns))
        out.items.push(parsed.data)
        out.records.push(record)
      }
      return out
    },
  }
}
