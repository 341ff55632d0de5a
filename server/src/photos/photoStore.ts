import fs from 'node:fs/promises'
import path from 'node:path'

/**
 * Where a photo's bytes live, by key (`<photo id>/<variant>`). The disk store under
 * `<DATA_DIR>/photos/` is the default; an S3-compatible bucket (a district's shared store) is the
 * later option behind this same interface.
 */
export interface PhotoStore {
  /** Store the bytes whole under the key, or fail: a reader never sees half a file. */
  put(key: string, bytes: Buffer): Promise<void>
  /** The bytes stored under the key, or null when there are none. */
  get(key: string): Promise<Buffer | null>
  /** Forget the key (a refused or lost race's leftovers); no error when it is absent. */
  remove(key: string): Promise<void>
}

/** Keys are minted by the photo domain from its own ids; anything else is a bug, never a path. */
const KEY = /^ph_[0-9a-f]{24}\/[a-z]+(\.[a-z]+)?$/

function fileOf(dir: string, key: string): string {
  if (!KEY.test(key)) throw new Error(`not a photo storage key: ${JSON.stringify(key).slice(0, 80)}`)
  return path.join(dir, ...key.split('/'))
}

/** Files under `dir`, each written to a temporary name and renamed into place. */
export function createDiskPhotoStore(dir: string): PhotoStore {
  return {
    async put(key, bytes) {
      const file = fileOf(dir, key)
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
      await fs.mkdir(path.dirname(file), { recursive: true })
      try {
        await fs.writeFile(temp, bytes, { flag: 'wx' })
        await fs.rename(temp, file)
      } catch (err) {
        await fs.rm(temp, { force: true })
        throw err
      }
    },
    async get(key) {
      try {
        return await fs.readFile(fileOf(dir, key))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
    },
    async remove(key) {
      const file = fileOf(dir, key)
      await fs.rm(file, { force: true })
      // The photo's folder goes with its last file; a folder still holding others stays.
      await fs.rmdir(path.dirname(file)).catch(() => undefined)
    },
  }
}
