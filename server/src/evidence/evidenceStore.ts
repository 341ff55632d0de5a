import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Evidence, EvidenceMime } from '@shared/schemas/evidence'
import type { Db } from '../store/database'

export interface NewEvidence {
  caseId: string
  cameraId: string
  takenAt: string
  createdBy: string
  mime: EvidenceMime
  bytes: Buffer
}

/** Evidence images: the file under `<dir>/<caseId>/`, its record in SQLite. */
export interface EvidenceStore {
  /** Write the file, then its record; the answer is the record as served. */
  save(input: NewEvidence): Promise<Evidence>
  /** A case's evidence, oldest first. */
  list(caseId: string): Evidence[]
  get(id: string): Evidence | null
  /** The stored bytes, checked against the recorded size and SHA-256. */
  read(evidence: Evidence): Promise<Buffer>
}

interface Row {
  id: string
  case_id: string
  camera_id: string
  taken_at: string
  created_at: string
  created_by: string
  mime: EvidenceMime
  bytes: number
  sha256: string
}

const EXTENSION: Record<EvidenceMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' }

export const evidenceUrl = (id: string) => `/api/v1/evidence/${id}`

const toEvidence = (row: Row): Evidence => ({
  id: row.id,
  caseId: row.case_id,
  cameraId: row.camera_id,
  takenAt: row.taken_at,
  createdAt: row.created_at,
  createdBy: row.created_by,
  mime: row.mime,
  bytes: row.bytes,
  sha256: row.sha256,
  url: evidenceUrl(row.id),
})

/**
 * The default store: SQLite for the records, the file system for the bytes. The file is written to
 * a temporary name and renamed, so a reader never sees half an image; the record is inserted only
 * after the rename, so a record always points at a whole file. A crash between the two leaves an
 * orphan file that no record names, which is harmless.
 */
export function createEvidenceStore(deps: { db: Db; dir: string; now?: () => Date }): EvidenceStore {
  const { db, dir } = deps
  const now = deps.now ?? (() => new Date())
  const insert = db.prepare(
    `INSERT INTO evidence (id, case_id, camera_id, taken_at, created_at, created_by, mime, bytes, sha256)
     VALUES (@id, @case_id, @camera_id, @taken_at, @created_at, @created_by, @mime, @bytes, @sha256)`,
  )
  const byCase = db.prepare('SELECT * FROM evidence WHERE case_id = ? ORDER BY created_at, id')
  const byId = db.prepare('SELECT * FROM evidence WHERE id = ?')
  // Ids come from our own records (case ids are validated, evidence ids are UUIDs), never a raw path.
  const fileOf = (e: Pick<Row, 'case_id' | 'id' | 'mime'>) => path.join(dir, e.case_id, `${e.id}.${EXTENSION[e.mime]}`)

  return {
    async save(input) {
      const row: Row = {
        id: randomUUID(),
        case_id: input.caseId,
        camera_id: input.cameraId,
        taken_at: input.takenAt,
        created_at: now().toISOString(),
        created_by: input.createdBy,
        mime: input.mime,
        bytes: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
      }
      const file = fileOf(row)
      const temp = path.join(path.dirname(file), `.${row.id}.tmp`)
      await fs.mkdir(path.dirname(file), { recursive: true })
      try {
        await fs.writeFile(temp, input.bytes, { flag: 'wx' })
        await fs.rename(temp, file)
      } catch (err) {
        await fs.rm(temp, { force: true })
        throw err
      }
      try {
        insert.run(row)
      } catch (err) {
        await fs.rm(file, { force: true })
        throw err
      }
      return toEvidence(row)
    },
    list(caseId) {
      return (byCase.all(caseId) as Row[]).map(toEvidence)
    },
    get(id) {
      const row = byId.get(id) as Row | undefined
      return row ? toEvidence(row) : null
    },
    async read(evidence) {
      const bytes = await fs.readFile(fileOf({ case_id: evidence.caseId, id: evidence.id, mime: evidence.mime }))
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      // Evidence must be what was attached: a changed file is an incident, not something to serve.
      if (bytes.length !== evidence.bytes || sha256 !== evidence.sha256) {
        throw new Error(`evidence ${evidence.id} of case ${evidence.caseId}: the file on disk no longer matches its recorded size and SHA-256`)
      }
      return bytes
    },
  }
}
