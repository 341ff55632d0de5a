import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** `npm run bench [name…]`: run every bench/*.bench.ts (or the named ones) one after another and print their figures. */
const dir = path.dirname(new URL(import.meta.url).pathname)
// A bench is named by its file; `alarm-share` finds alarmShare.bench.ts as well as `alarmShare`.
const camel = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
const wanted = process.argv.slice(2).map(camel)
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort()

let failed = 0
for (const file of files) {
  console.warn(`\n=== ${file} ===`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exitCode = failed ? 1 : 0
