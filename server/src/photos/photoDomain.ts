import path from 'node:path'
import type { AccountRepository } from '../auth/accountRepository'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { type NamedPhotosCheck, namedPhotosCheck } from './casePhotos'
import { createSqlitePhotoRepository } from './photoRepository'
import { type PhotoService, createPhotoService } from './photoService'
import { createDiskPhotoStore } from './photoStore'

/** The people a watermark names: an account's display name, else a registry worker's name. */
export type PersonOf = (id: string) => { name: string; gridId: string | null } | null

export interface PhotoDomain {
  photos: PhotoService
  namedPhotos: NamedPhotosCheck
  personOf: PersonOf
}

/** The photos domain on the app's store: rows in SQLite, files under `<dataDir>/photos/`. */
export function createPhotoDomain(deps: {
  db: Db
  dataDir: string
  accounts: Pick<AccountRepository, 'userById'>
  reference: Pick<ReferenceRepository, 'grids' | 'worker'>
  now: () => Date
}): PhotoDomain {
  const { accounts, reference } = deps
  const repo = createSqlitePhotoRepository(deps.db)
  const gridName = (id: string) => reference.grids().find((g) => g.id === id)?.name ?? null
  const photos = createPhotoService({ repo, store: createDiskPhotoStore(path.join(deps.dataDir, 'photos')), gridName, now: deps.now })
  const personOf: PersonOf = (id) => {
    const account = accounts.userById(id)
    if (account) return { name: account.displayName, gridId: account.gridId }
    const worker = reference.worker(id)
    return worker ? { name: worker.name, gridId: worker.gridId } : null
  }
  return { photos, namedPhotos: namedPhotosCheck(repo), personOf }
}
