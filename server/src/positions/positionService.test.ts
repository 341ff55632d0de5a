import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config'
import { createLogger } from '../core/logger'
import { type Db, openDatabase } from '../store/database'
import { createSqlitePositionRepository, type PositionRepository } from './positionRepository'
import { createPositionRetention } from './positionRetention'
import { createPositionService } from './positionService'
import type { WorkerDirectory } from './workerDirectory'

const DAY_MS = 86_400_000
let dir: string
let db: Db
let repo: PositionRepository
let clock: Date
const now = () => clock
const directory: WorkerDirectory = { worker: (id) => ({ name: `名${id}`, gridId: 'G01', terminalId: `T-${id}` }), task: () => null }
const report = (at: Date, over: Record<string, unknown> = {}) => ({ location: { lng: 116.85, lat: 40.37 }, accuracyM: 10, at: at.toISOString(), onDuty: true, ...over })

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'positions-'))
  db = openDatabase(path.join(dir, 'wall.db'))
  repo = createSqlitePositionRepository(db)
  clock = new Date('2026-11-02T08:00:00Z')
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('the position service', () => {
  it('is fresh, then stale (greyed) after 5 minutes, then off duty after 30', () => {
    const service = createPositionService({ repo, directory, now })
    service.report({ workerId: 'W1', terminalId: null }, report(clock))
    expect(service.freshFix('W1')).toEqual({ lng: 116.85, lat: 40.37 })
    expect(service.list().items[0]).toMatchObject({ workerId: 'W1', name: '名W1', terminalId: 'T-W1' })
    clock = new Date(clock.getTime() + 6 * 60_000)
    expect(service.freshFix('W1')).toBeNull()
    expect(service.list().items).toHaveLength(1)
    clock = new Date(clock.getTime() + 25 * 60_000)
    expect(service.list().items).toHaveLength(0)
  })

  it('ends a shift at once with onDuty false, and the terminal session names the handset first', () => {
    const service = createPositionService({ repo, directory, now })
    expect(service.report({ workerId: 'W2', terminalId: 'T-SESSION' }, report(clock)).terminalId).toBe('T-SESSION')
    service.report({ workerId: 'W2', terminalId: null }, report(clock, { onDuty: false }))
    expect(service.freshFix('W2')).toBeNull()
    expect(service.list().items).toHaveLength(0)
  })

  it('holds the last fixes again after a restart', () => {
    createPositionService({ repo, directory, now }).report({ workerId: 'W3', terminalId: null }, report(clock))
    clock = new Date(clock.getTime() + 60_000)
    expect(createPositionService({ repo, directory, now }).list().items.map((p) => p.workerId)).toEqual(['W3'])
  })
})

describe('the retention sweep', () => {
  it('deletes the fixes received longer ago than the retention, on the injected clock', () => {
    const service = createPositionService({ repo, directory, now })
    const retention = createPositionRetention({ repo, retentionDays: 30, now, log: createLogger('silent') })
    service.report({ workerId: 'W4', terminalId: null }, report(clock))
    clock = new Date(clock.getTime() + 20 * DAY_MS)
    service.report({ workerId: 'W4', terminalId: null }, report(clock))
    expect(retention.sweep()).toBe(0)
    clock = new Date(clock.getTime() + 11 * DAY_MS)
    expect(retention.sweep()).toBe(1)
    expect(repo.count()).toBe(1)
    clock = new Date(clock.getTime() + 20 * DAY_MS)
    expect(retention.sweep()).toBe(1)
    expect(repo.count()).toBe(0)
  })

  it('runs at start and then on its timer, until stopped', async () => {
    repo.insert({ workerId: 'W5', at: clock.toISOString(), lng: 1, lat: 1, accuracyM: 1, onDuty: true, terminalId: null, receivedAt: new Date(clock.getTime() - 40 * DAY_MS).toISOString() })
    const retention = createPositionRetention({ repo, retentionDays: 30, now, log: createLogger('silent'), everyMs: 20 })
    retention.start()
    expect(repo.count()).toBe(0)
    repo.insert({ workerId: 'W5', at: clock.toISOString(), lng: 1, lat: 1, accuracyM: 1, onDuty: true, terminalId: null, receivedAt: new Date(clock.getTime() - 31 * DAY_MS).toISOString() })
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(repo.count()).toBe(0)
    retention.stop()
  })

  it('takes its days from POSITION_RETENTION_DAYS, 30 by default', () => {
    expect(loadConfig({}).positions.retentionDays).toBe(30)
    expect(loadConfig({ POSITION_RETENTION_DAYS: '7' }).positions.retentionDays).toBe(7)
    expect(() => loadConfig({ POSITION_RETENTION_DAYS: '0' })).toThrow(/POSITION_RETENTION_DAYS/)
  })
})
