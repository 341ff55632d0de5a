/**
 * The import folder a center hands over: one file per kind of record. The writer (the Gulou
 * demo) and the reader share these tables, so the two cannot drift apart.
 */

export const REFERENCE_FILES = {
  street: 'street.geojson',
  communities: 'communities.geojson',
  grids: 'grids.geojson',
  roads: 'roads.geojson',
  markets: 'markets.json',
  cameras: 'cameras.csv',
  workers: 'workers.csv',
  terminals: 'terminals.csv',
  teams: 'teams.json',
  units: 'units.json',
  categories: 'categories.json',
} as const

export type ReferenceFileKey = keyof typeof REFERENCE_FILES

export type CsvType = 'string' | 'number' | 'boolean' | 'nullable'

/** One CSV column and where its value sits in the record (`path`). */
export interface CsvColumn {
  name: string
  path: readonly string[]
  type: CsvType
  doc: string
}

const col = (name: string, type: CsvType, doc: string, path: readonly string[] = [name]): CsvColumn => ({ name, path, type, doc })

export const CAMERA_COLUMNS: readonly CsvColumn[] = [
  col('id', 'string', 'camera id, e.g. CAM001 (letters, digits, - or _)'),
  col('name', 'string', 'unique name as the center calls it, e.g. 鼓楼东大街-路口-03'),
  col('gridId', 'string', 'grid the camera stands in (must contain lng/lat)'),
  col('communityId', 'string', "the grid's community"),
  col('roadId', 'nullable', 'road it watches, empty if none'),
  col('marketId', 'nullable', 'market it watches, empty if none'),
  col('site', 'string', 'road | junction | market | community | school | square'),
  col('lng', 'number', 'longitude, WGS84', ['location', 'lng']),
  col('lat', 'number', 'latitude, WGS84', ['location', 'lat']),
  col('heading', 'number', 'degrees clockwise from north the lens faces, 0 to <360'),
  col('ptz', 'boolean', 'true for a pan-tilt-zoom camera, else false'),
  col('mainUrl', 'string', 'main stream (HLS playlist) the relay fetches; never sent to browsers', ['mainStream', 'url']),
  col('mainWidth', 'number', 'main stream width, px', ['mainStream', 'width']),
  col('mainHeight', 'number', 'main stream height, px', ['mainStream', 'height']),
  col('subUrl', 'string', 'sub stream (HLS playlist) for small tiles', ['subStream', 'url']),
  col('subWidth', 'number', 'sub stream width, px', ['subStream', 'width']),
  col('subHeight', 'number', 'sub stream height, px', ['subStream', 'height']),
]

export const WORKER_COLUMNS: readonly CsvColumn[] = [
  col('id', 'string', 'worker id, e.g. W0001'),
  col('name', 'string', 'full name'),
  col('gridId', 'string', 'grid the worker is assigned to'),
  col('role', 'string', 'grid_leader | full_time | part_time | volunteer'),
  col('terminalId', 'nullable', 'handheld terminal held, empty if none; a terminal is held by at most one worker'),
]

export const TERMINAL_COLUMNS: readonly CsvColumn[] = [
  col('id', 'string', 'terminal id, e.g. HT001'),
  col('serial', 'string', 'serial number, A-Z 0-9 and -, e.g. HT-2017-0001'),
  col('model', 'string', 'model name'),
]

export function columnsToRow(columns: readonly CsvColumn[], record: object): string[] {
  return columns.map(({ path }) => {
    let value: unknown = record
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key]
    return value === null || value === undefined ? '' : String(value)
  })
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/

/** Text to a typed value; text that does not convert is passed on as is, for the schema to refuse. */
function convert(type: CsvType, raw: string): unknown {
  switch (type) {
    case 'nullable':
      return raw === '' ? null : raw
    case 'number':
      if (raw === '') return undefined
      return NUMBER.test(raw.trim()) ? Number(raw) : raw
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw
    case 'string':
      return raw
  }
}

export function rowToRecord(columns: readonly CsvColumn[], values: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {}
  columns.forEach(({ path, type }, i) => {
    let target = record
    for (const key of path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>
    target[path[path.length - 1]!] = convert(type, values[i] ?? '')
  })
  return record
}

const columnTable = (columns: readonly CsvColumn[]) =>
  ['| column | content |', '|---|---|', ...columns.map((c) => `| \`${c.name}\` | ${c.doc} |`)].join('\n')

/** Written next to the data, so a folder explains itself. */
export const REFERENCE_README = `# Reference data import folder

One street's territory and organisation, as read by \`npm run import -- <folder>\`.
All files are UTF-8. Coordinates are WGS84 [longitude, latitude]. Ids are 1-64 letters,
digits, "-" or "_". JSON and GeoJSON files hold one record per line for readable diffs, but
any valid JSON is accepted.

| file | holds |
|---|---|
| \`street.geojson\` | FeatureCollection with exactly 1 Polygon feature; properties \`id, name, nameEn, district, center {lng, lat}\` |
| \`communities.geojson\` | Polygon features; properties \`id, name, nameEn, stationName\` |
| \`grids.geojson\` | Polygon features; properties \`id, code (2-4 digits), name, communityId\` |
| \`roads.geojson\` | LineString features; properties \`id, name, kind (main, secondary, lane)\` |
| \`markets.json\` | array of \`{id, name, location {lng, lat}, gridId}\` |
| \`cameras.csv\` | one camera per row, columns below |
| \`workers.csv\` | one grid worker per row, columns below |
| \`terminals.csv\` | one handheld terminal per row, columns below |
| \`teams.json\` | array of \`{id, name, communityId, gridIds [..], speciality, members}\`; speciality is cleaning, repair, mediation, elderly_care, security_patrol, greening or volunteer |
| \`units.json\` | array of \`{id, name, nameEn, kind}\`; kind is resident, listed or street_department |
| \`categories.json\` | array of \`{code, kind, majorCode, majorName, name, nameEn, timeLimit {kind, amount}, urgent, unitId, filingCondition, closingCondition}\`; code is C/E/G/S (component, event, governance, service) + 大类 + 小类, e.g. C0101; timeLimit.kind is urgent_hours, working_hours, working_days or natural_days |

GeoJSON polygon rings are closed (last position = first). The demo writes outer rings
counter-clockwise as RFC 7946 asks; the reader accepts either winding.

## CSV files
RFC 4180: a header row naming the columns (any order; extra columns are ignored), comma
separated, fields quoted with "" when they hold a comma, a quote or a line break. An empty
\`nullable\` field means none.

### cameras.csv
${columnTable(CAMERA_COLUMNS)}

### workers.csv
${columnTable(WORKER_COLUMNS)}

### terminals.csv
${columnTable(TERMINAL_COLUMNS)}

## What the import checks
Every record against the shared schemas, then across files: ids, names and codes unique;
grids tile the street (inside it, no two overlapping, areas summing to the street's within
0.5%); each grid inside its community and each community the union of its grids (areas within
0.5%); every camera and market inside the grid it names, a camera's community that of its grid;
road, market, grid, community, terminal and unit references exist; a terminal held by at most
one worker; a team's grids in its own community; category codes matching kind and 大类.
The first problem stops the import with one message: \`<file>, <record>: <problem>\`, where the
record is \`line N\` (CSV, header = line 1; also where JSON syntax breaks), \`feature N\` or
\`item N\` (1-based) with its id or code, \`whole file\` (missing file, wrong top-level shape)
or \`all features\` (the tiling as a whole).
`
