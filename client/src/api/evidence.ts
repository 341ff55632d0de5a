import {
  type AttachEvidenceBody,
  EVIDENCE_MAX_BYTES,
  Evidence,
  EvidenceList,
  EvidenceMime,
} from '@shared/schemas/evidence'
import { ApiError, getJson, type RequestOptions, sendJson } from './http'

export type { Evidence } from '@shared/schemas/evidence'

export interface Snapshot {
  /** The camera whose tile was captured. */
  cameraId: string
  /** When the frame was captured. */
  takenAt: Date
  /** The captured image (canvas.toBlob gives image/jpeg or image/png). */
  blob: Blob
}

const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}/evidence`

/**
 * Attach a snapshot of a tile to a case as evidence: the image travels as a data URL inside the
 * JSON body, with the session's CSRF header like every other write. The server checks the bytes
 * again; the checks here only spare the operator a long upload that would be refused.
 */
export async function attachEvidence(caseId: string, snapshot: Snapshot, options: RequestOptions = {}): Promise<Evidence> {
  const path = casePath(caseId)
  const { blob } = snapshot
  if (!EvidenceMime.safeParse(blob.type).success) {
    throw new ApiError('VALIDATION_FAILED', `a snapshot must be a JPEG or PNG image, not "${blob.type || 'untyped'}"`, 0, path)
  }
  if (blob.size > EVIDENCE_MAX_BYTES) {
    throw new ApiError('PAYLOAD_TOO_LARGE', `the snapshot is ${blob.size} bytes; at most ${EVIDENCE_MAX_BYTES} are accepted`, 0, path)
  }
  const body: AttachEvidenceBody = {
    cameraId: snapshot.cameraId,
    takenAt: snapshot.takenAt.toISOString(),
    image: await readAsDataUrl(blob, options.signal),
  }
  return sendJson('POST', path, Evidence, body, options)
}

/** A case's evidence records, oldest first; each `url` serves its image to an <img>. */
export async function listEvidence(caseId: string, options: RequestOptions = {}): Promise<Evidence[]> {
  return (await getJson(casePath(caseId), EvidenceList, options)).items
}

/** `data:<blob type>;base64,…` as the browser encodes it. */
function readAsDataUrl(blob: Blob, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const reader = new FileReader()
    const onAbort = () => reader.abort()
    signal?.addEventListener('abort', onAbort, { once: true })
    reader.onload = () => {
      signal?.removeEventListener('abort', onAbort)
      resolve(reader.result as string)
    }
    reader.onerror = () => {
      signal?.removeEventListener('abort', onAbort)
      reject(reader.error ?? new Error('the snapshot could not be read'))
    }
    reader.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    reader.readAsDataURL(blob)
  })
}
