import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beijingDay, shiftDay } from '../shared/rules/beijingTime'
import { createReplayService } from '../server/src/briefing/replayService'
import { createReplayReads } from '../server/src/briefing/replayStatements'
import { createCaseLocator } from '../server/src/cases/caseLocator'
import { DEFAULT_HOLIDAYS } from '../server/src/cases/holidayCalendar'
import { createLogger } from '../server/src/core/logger'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { createRandom } from '../server/src/demo/gulou/random'
import { backfill } from '../server/src/demo/sim/simBackfill'
import { buildSimWorld } from '../server/src/demo/sim/simWorld'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'

/**
 * GET /api/v1/replay without HTTP on the demo data (the 90-day back-fill, ~24,000 cases): the
 * timeline of the last full 31 days for the street, and its size as JSON. Reported, no target in
 * the issue; a replay is opened by hand, once per period.
 */
const DAYS = Number(process.env['REPLAY_BENCH_DAYS'] ?? 90)
const RUNS = 5

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-replay-bench-'))
  const db = openDatabase(path.join(dir, 'wall.db'))
  try {
    const reference = createSqliteReferenceRepository(db)
    reference.replaceAll(generateGulou(), 'replay-bench')
    const end = new Date()
    const world = buildSimWorld(reference, createCaseLocator(reference))
    const filled = await backfill({ db, reference, world, calendar: DEFAULT_HOLIDAYS, log: createLogger('silent'), rng: createRandom(15), days: DAYS, perDay: 270, end })
    console.log(`demo data: ${DAYS}-day back-fill, ${filled.cases} cases, ${filled.changes} changes`)

    const replay = createReplayService({ reads: createReplayReads(db), reference, now: () => end })
    const to = shiftDay(beijingDay(end), -1)
    const query = { from: shiftDay(to, -30), to, scope: 'street' }
    const times: number[] = []
    let answer = replay(query, { kind: 'all' })
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now()
      answer = replay(query, { kind: 'all' })
      times.push(performance.now() - start)
    }
    times.sort((a, b) => a - b)
    const kb = Buffer.byteLength(JSON.stringify(answer)) / 1024
    console.log(`replay of ${query.from}..${query.to} (street): ${answer.cases.length} cases, ${kb.toFixed(0)} KB of JSON`)
    console.log(`  median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms  max ${times.at(-1)!.toFixed(0)} ms over ${RUNS} runs (reported)`)
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((cause: unknown) => {
  console.error(cause)
  process.exitCode = 1
})
