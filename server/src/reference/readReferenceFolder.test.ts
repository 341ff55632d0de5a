import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { polygonCentroid } from '@shared/geometry'
import type { Position } from '@shared/schemas/geo'
import { generateGulou } from '../demo/gulou/generateGulou'
import { writeReferenceFolder } from '../demo/gulou/writeReferenceFolder'
import { formatCsv, parseCsv } from './csv'
import { ReferenceImportError, readReferenceFolder } from './readReferenceFolder'
import { REFERENCE_FILES } from './referenceFormat'

const data = generateGulou()
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-reference-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

let folders = 0
/** A fresh copy of the demo folder, changed by `edit`. */
function folder(edit: (dir: string) => void = () => {}): string {
  const dir = path.join(root, String(++folders))
  writeReferenceFolder(data, dir)
  edit(dir)
  return dir
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const editJson = (dir: string, file: string, change: (json: Json) => void) => {
  const full = path.join(dir, file)
  const json = JSON.parse(fs.readFileSync(full, 'utf8')) as Json
  change(json)
  fs.writeFileSync(full, JSON.stringify(json))
}
/** Edit CSV rows by index: 0 is the header, row n is on line n + 1 (no quoted line breaks here). */
const editCsv = (dir: string, file: string, change: (rows: string[][]) => void) => {
  const full = path.join(dir, file)
  const rows = parseCsv(fs.readFileSync(full, 'utf8')).map((r) => r.fields)
  change(rows)
  fs.writeFileSync(full, formatCsv(rows))
}
const setColumn = (rows: string[][], row: number, column: string, value: string) => {
  rows[row]![rows[0]!.indexOf(column)] = value
}

function importError(dir: string): ReferenceImportError {
  try {
    readReferenceFolder(dir)
  } catch (err) {
    if (err instanceof ReferenceImportError) {
      expect(err.message).toBe(`${err.file}, ${err.record}: ${err.problem}`)
      return err
    }
    throw err
  }
  throw new Error('the import was expected to fail')
}

describe('readReferenceFolder', () => {
  it('reads back exactly what was written', () => {
    expect(readReferenceFolder(folder())).toEqual(data)
  })

  it('writes every documented file and a README describing them', () => {
    const dir = folder()
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8')
    for (const file of Object.values(REFERENCE_FILES)) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true)
      expect(readme).toContain(file)
    }
    for (const column of ['mainUrl', 'heading', 'terminalId', 'serial']) expect(readme).toContain(`\`${column}\``)
    expect(fs.readFileSync(path.join(dir, 'cameras.csv'), 'utf8').split('\r\n')[0]).toBe(
      'id,name,gridId,communityId,roadId,marketId,site,lng,lat,heading,ptz,mainUrl,mainWidth,mainHeight,subUrl,subWidth,subHeight',
    )
  })

  it('takes CSV columns in any order and ignores extra ones', () => {
    const dir = folder((d) =>
      editCsv(d, 'terminals.csv', (rows) => {
        for (const row of rows) row.reverse().push(row === rows[0] ? '备注' : '')
      }),
    )
    expect(readReferenceFolder(dir).terminals).toEqual(data.terminals)
  })
})

describe('readReferenceFolder refuses a bad folder, naming file, record and problem', () => {
  it('a missing file', () => {
    const err = importError(folder((d) => fs.rmSync(path.join(d, 'grids.geojson'))))
    expect(err).toMatchObject({ file: 'grids.geojson', record: 'whole file', problem: expect.stringMatching(/^missing/) })
  })

  it('bad JSON, with the line it broke on', () => {
    const err = importError(folder((d) => fs.writeFileSync(path.join(d, 'communities.geojson'), '{"type":"FeatureCollection",\n"features":[\n{oops}\n]}')))
    expect(err.file).toBe('communities.geojson')
    expect(err.record).toBe('line 3')
    expect(err.problem).toMatch(/^invalid JSON/)
  })

  it('a schema violation in a CSV line, naming the column', () => {
    const err = importError(folder((d) => editCsv(d, 'cameras.csv', (rows) => setColumn(rows, 4, 'lat', 'north'))))
    expect(err).toMatchObject({ file: 'cameras.csv', record: 'line 5 (id CAM004)' })
    expect(err.problem).toMatch(/^column "lat": /)
  })

  it('a CSV header lacking a column', () => {
    const err = importError(folder((d) => editCsv(d, 'workers.csv', (rows) => setColumn(rows, 0, 'role', 'position'))))
    expect(err).toMatchObject({ file: 'workers.csv', record: 'line 1', problem: 'header lacks column "role"' })
  })

  it('broken CSV quoting', () => {
    const err = importError(
      folder((d) => fs.appendFileSync(path.join(d, 'terminals.csv'), 'HT999,"HT-2019-0001,open quote\r\n')),
    )
    expect(err).toMatchObject({ file: 'terminals.csv', record: 'line 362', problem: expect.stringContaining('never closed') })
  })

  it('a grid naming an unknown community', () => {
    const err = importError(folder((d) => editJson(d, 'grids.geojson', (fc) => (fc['features'][2].properties.communityId = 'C99'))))
    expect(err).toMatchObject({ file: 'grids.geojson', record: 'feature 3 (id G03)' })
    expect(err.problem).toContain('communityId "C99"')
  })

  it('a camera outside the grid it names', () => {
    const far = data.grids.find((g) => g.communityId !== data.cameras[9]!.communityId)!
    const err = importError(folder((d) => editCsv(d, 'cameras.csv', (rows) => setColumn(rows, 10, 'gridId', far.id))))
    expect(err).toMatchObject({ file: 'cameras.csv', record: 'line 11 (id CAM010)' })
    expect(err.problem).toContain(`outside its grid ${far.id}`)
  })

  it('a camera whose community is not its grid’s', () => {
    const other = data.communities.find((c) => c.id !== data.cameras[0]!.communityId)!
    const err = importError(folder((d) => editCsv(d, 'cameras.csv', (rows) => setColumn(rows, 1, 'communityId', other.id))))
    expect(err).toMatchObject({ file: 'cameras.csv', record: 'line 2 (id CAM001)' })
    expect(err.problem).toContain(`communityId "${other.id}"`)
  })

  it('a duplicate id', () => {
    const err = importError(folder((d) => editCsv(d, 'workers.csv', (rows) => setColumn(rows, 10, 'id', 'W0001'))))
    expect(err).toMatchObject({ file: 'workers.csv', record: 'line 11 (id W0001)' })
    expect(err.problem).toBe('duplicate id "W0001", already used by line 2 (id W0001)')
  })

  it('a terminal held by two workers', () => {
    const err = importError(folder((d) => editCsv(d, 'workers.csv', (rows) => setColumn(rows, 3, 'terminalId', rows[1]![4]!))))
    expect(err).toMatchObject({ file: 'workers.csv', record: 'line 4 (id W0003)' })
    expect(err.problem).toContain('already held by line 2')
  })

  it('overlapping grids', () => {
    // Push one grid's corner into its neighbours; the vertex is moved in that grid only.
    const counts = new Map<string, number>()
    for (const g of data.grids) for (const p of g.boundary.coordinates[0]!.slice(0, -1)) counts.set(p.join(), (counts.get(p.join()) ?? 0) + 1)
    const index = data.grids.findIndex((g) => g.boundary.coordinates[0]!.slice(0, -1).some((p) => counts.get(p.join()) === 4))
    const grid = data.grids[index]!
    const err = importError(
      folder((d) =>
        editJson(d, 'grids.geojson', (fc) => {
          const ring = fc['features'][index].geometry.coordinates[0] as Position[]
          const c = polygonCentroid(grid.boundary)
          const k = ring.findIndex((p) => counts.get(p.join()) === 4)
          const moved: Position = [ring[k]![0] + (ring[k]![0] - c[0]) * 0.5, ring[k]![1] + (ring[k]![1] - c[1]) * 0.5]
          ring[k] = moved
          if (k === 0) ring[ring.length - 1] = moved
        }),
      ),
    )
    expect(err.file).toBe('grids.geojson')
    expect(err.record).toMatch(/^feature \d+ \(id G\d+\)$/)
    expect(err.problem).toMatch(/^overlaps feature \d+ \(id G\d+\)/)
    expect(`${err.record} ${err.problem}`).toContain(`(id ${grid.id})`)
  })

  it('a gap in the tiling', () => {
    const err = importError(folder((d) => editJson(d, 'grids.geojson', (fc) => fc['features'].splice(20, 1))))
    expect(err).toMatchObject({ file: 'grids.geojson', record: 'all features' })
    expect(err.problem).toContain('without gaps')
  })

  it('a street file with more than one feature', () => {
    const err = importError(folder((d) => editJson(d, 'street.geojson', (fc) => fc['features'].push(fc['features'][0]))))
    expect(err).toMatchObject({ file: 'street.geojson', record: 'whole file', problem: expect.stringContaining('exactly 1 feature') })
  })

  it('a team serving a grid of another community', () => {
    const team = data.teams[0]!
    const foreign = data.grids.find((g) => g.communityId !== team.communityId)!
    const err = importError(folder((d) => editJson(d, 'teams.json', (items) => items[0].gridIds.push(foreign.id))))
    expect(err).toMatchObject({ file: 'teams.json', record: `item 1 (id ${team.id})` })
    expect(err.problem).toContain(`grid ${foreign.id} belongs to community`)
  })

  it('a category whose unit does not exist', () => {
    const err = importError(folder((d) => editJson(d, 'categories.json', (items) => (items[4].unitId = 'U77'))))
    expect(err).toMatchObject({ file: 'categories.json', record: `item 5 (code ${data.categories[4]!.code})` })
    expect(err.problem).toContain('unitId "U77"')
  })

  it('a schema violation in a JSON record, naming the field', () => {
    const err = importError(folder((d) => editJson(d, 'categories.json', (items) => (items[0].timeLimit.kind = 'whenever'))))
    expect(err).toMatchObject({ file: 'categories.json', record: 'item 1 (code C0101)' })
    expect(err.problem).toMatch(/^timeLimit\.kind: /)
  })
})
