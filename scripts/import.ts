import path from 'node:path'
import { ConfigError, loadConfig } from '../server/src/config'
import { ReferenceImportError, readReferenceFolder } from '../server/src/reference/readReferenceFolder'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'

/**
 * `npm run import -- <folder>`: validate a center's reference files and replace the territory
 * in one transaction. Any problem ends with one message naming file, record and problem, and
 * the store is left as it was.
 */
function run(): number {
  const folder = process.argv[2]
  if (!folder) {
    console.error('usage: npm run import -- <folder>   (see README.md, "Reference data import format")')
    return 2
  }
  try {
    const config = loadConfig()
    const data = readReferenceFolder(path.resolve(folder))
    const db = openDatabase(path.join(config.dataDir, 'wall.db'))
    try {
      const reference = createSqliteReferenceRepository(db)
      reference.replaceAll(data, path.resolve(folder))
      console.warn(`imported ${path.resolve(folder)}: ${JSON.stringify(reference.counts())}`)
    } finally {
      db.close()
    }
    return 0
  } catch (err) {
    if (err instanceof ReferenceImportError || err instanceof ConfigError) {
      console.error(`import refused: ${err.message}`)
      return 1
    }
    throw err
  }
}

process.exitCode = run()
