import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { snapshotInputs } from './clientBuild'

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'client-build-test-'))
  await mkdir(path.join(root, 'client/src/node_modules'), { recursive: true })
  await writeFile(path.join(root, 'client/src/main.ts'), '')
  await writeFile(path.join(root, 'client/src/main.test.ts'), '')
  await writeFile(path.join(root, 'client/src/node_modules/x.js'), '')
  await writeFile(path.join(root, 'vite.config.ts'), '')
})
afterEach(() => rm(root, { recursive: true, force: true }))

const setTime = (file: string, date: Date) => utimes(path.join(root, file), date, date)

describe('snapshotInputs', () => {
  it('counts the bundle inputs but not tests or node_modules', async () => {
    const snap = await snapshotInputs(root, ['client', 'vite.config.ts', 'missing-dir'])
    expect(snap.files).toBe(2)
  })

  it('takes the newest time of any input, so one edited file makes the build stale', async () => {
    const old = new Date('2024-01-01T00:00:00Z')
    for (const f of ['client', 'client/src', 'client/src/main.ts', 'vite.config.ts']) await setTime(f, old)
    const before = await snapshotInputs(root, ['client', 'vite.config.ts'])
    expect(before.newestMs).toBe(old.getTime())

    const edited = new Date('2024-06-01T00:00:00Z')
    await setTime('client/src/main.ts', edited)
    expect((await snapshotInputs(root, ['client', 'vite.config.ts'])).newestMs).toBe(edited.getTime())
  })

  it('ignores an edited test file', async () => {
    const old = new Date('2024-01-01T00:00:00Z')
    for (const f of ['client', 'client/src', 'client/src/main.ts', 'vite.config.ts']) await setTime(f, old)
    await setTime('client/src/main.test.ts', new Date('2025-01-01T00:00:00Z'))
    expect((await snapshotInputs(root, ['client', 'vite.config.ts'])).newestMs).toBe(old.getTime())
  })
})
