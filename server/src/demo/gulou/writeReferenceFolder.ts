import fs from 'node:fs'
import path from 'node:path'
import type { ReferenceData } from '@shared/schemas/reference'
import { formatCsv } from '../../reference/csv'
import {
  CAMERA_COLUMNS,
  type CsvColumn,
  REFERENCE_FILES,
  REFERENCE_README,
  TERMINAL_COLUMNS,
  WORKER_COLUMNS,
  columnsToRow,
} from '../../reference/referenceFormat'

/** One record per line: valid JSON that still diffs and greps well. */
const jsonLines = (items: readonly unknown[]) => `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`

function featureCollection<T extends { id: string }>(items: readonly T[], geometryKey: keyof T & string): string {
  const features = items.map((item) => {
    const { [geometryKey]: geometry, ...properties } = item
    return { type: 'Feature', id: item.id, geometry, properties }
  })
  return `{"type":"FeatureCollection","features":${jsonLines(features).trimEnd()}}\n`
}

const csv = (columns: readonly CsvColumn[], items: readonly object[]) =>
  formatCsv([columns.map((c) => c.name), ...items.map((item) => columnsToRow(columns, item))])

/**
 * Write reference data as an import folder (format in REFERENCE_README, also written there).
 * The folder is created if needed; files already in it are overwritten.
 */
export function writeReferenceFolder(data: ReferenceData, dir: string): void {
  fs.mkdirSync(dir, { recursive: true })
  const files: Record<keyof typeof REFERENCE_FILES, string> = {
    street: featureCollection([data.street], 'boundary'),
    communities: featureCollection(data.communities, 'boundary'),
    grids: featureCollection(data.grids, 'boundary'),
    roads: featureCollection(data.roads, 'geometry'),
    markets: jsonLines(data.markets),
    cameras: csv(CAMERA_COLUMNS, data.cameras),
    workers: csv(WORKER_COLUMNS, data.workers),
    terminals: csv(TERMINAL_COLUMNS, data.terminals),
    teams: jsonLines(data.teams),
    units: jsonLines(data.units),
    categories: jsonLines(data.categories),
  }
  for (const [key, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, REFERENCE_FILES[key as keyof typeof REFERENCE_FILES]), text, 'utf8')
  }
  fs.writeFileSync(path.join(dir, 'README.md'), REFERENCE_README, 'utf8')
}
