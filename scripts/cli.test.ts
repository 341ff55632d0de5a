import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { writeReferenceFolder } from '../server/src/demo/gulou/writeReferenceFolder'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const temps: string[] = []
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-cli-'))
  temps.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

const run = (script: string, args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('server start-up with a bad configuration value', () => {
  it('ends with one message naming the variable and creates nothing', () => {
    const dataDir = path.join(tempDir(), 'never-created')
    const r = run('server/src/main.ts', [], { PORT: 'abc', DATA_DIR: dataDir })
    expect(r.status).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^Invalid configuration: PORT="abc": expected a port number/)
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('treats a bad demo setting the same way', () => {
    const dataDir = path.join(tempDir(), 'never-created')
    const r = run('server/src/main.ts', [], { FLEET_LOOP_SECONDS: 'long', DATA_DIR: dataDir })
    expect(r.status).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: FLEET_LOOP_SECONDS="long"/)])
    expect(fs.existsSync(dataDir)).toBe(false)
  })
})

describe('npm run generate', () => {
  it('writes the demo territory as a folder that npm run import accepts', () => {
    const folder = path.join(tempDir(), 'gulou')
    const generated = run('scripts/generate.ts', [folder, 'http://cams.test:9000'], {})
    expect(generated.status).toBe(0)
    expect(generated.stderr).toMatch(/64 grids, 28 communities, 562 cameras/)
    expect(fs.readFileSync(path.join(folder, 'cameras.csv'), 'utf8')).toContain('http://cams.test:9000/cameras/')
    const dataDir = tempDir()
    expect(run('scripts/import.ts', [folder], { DATA_DIR: dataDir }).status).toBe(0)
    const db = openDatabase(path.join(dataDir, 'wall.db'))
    try {
      expect(createSqliteReferenceRepository(db).counts()).toMatchObject({ grid: 64, community: 28, camera: 562, worker: 1416, team: 202, terminal: 360 })
    } finally {
      db.close()
    }
  })

  it('says how to use it when the folder is missing', () => {
    const r = run('scripts/generate.ts', [], {})
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/usage: npm run generate -- <folder>/)
  })
})

describe('npm run import', () => {
  function storeWithDemo() {
    const dataDir = tempDir()
    const folder = path.join(tempDir(), 'center')
    writeReferenceFolder(generateGulou(), folder)
    expect(run('scripts/import.ts', [folder], { DATA_DIR: dataDir }).status).toBe(0)
    return { dataDir, folder }
  }
  const counts = (dataDir: string) => {
    const db = openDatabase(path.join(dataDir, 'wall.db'))
    try {
      return createSqliteReferenceRepository(db).counts()
    } finally {
      db.close()
    }
  }

  it('loads a center folder', () => {
    const { dataDir } = storeWithDemo()
    expect(counts(dataDir)).toMatchObject({ grid: 64, community: 28, camera: 562, worker: 1416, team: 202, terminal: 360 })
  })

  it('refuses a malformed file with one message naming file, record and problem, and changes nothing', () => {
    const { dataDir, folder } = storeWithDemo()
    const before = counts(dataDir)
    const csv = path.join(folder, 'cameras.csv')
    const lines = fs.readFileSync(csv, 'utf8').split('\n')
    // Drop one camera and break another: the store must keep the full, valid set.
    lines.splice(1, 1)
    lines[3] = (lines[3] ?? '').replace(/CAM\d+/, 'CAM 9 9')
    fs.writeFileSync(csv, lines.join('\n'))
    const r = run('scripts/import.ts', [folder], { DATA_DIR: dataDir })
    expect(r.status).toBe(1)
    const message = r.stderr.trim()
    expect(message.split('\n')).toHaveLength(1)
    expect(message).toMatch(/^import refused: cameras\.csv, line \d+/)
    expect(counts(dataDir)).toEqual(before)
  })

  it('names the missing file', () => {
    const dataDir = tempDir()
    const r = run('scripts/import.ts', [tempDir()], { DATA_DIR: dataDir })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/street\.geojson|communities\.geojson|grids\.geojson/)
  })
})
