import { deflateRawSync, inflateRawSync } from 'node:zlib'

/**
 * The event stream keeps a full case snapshot per change, 2–3 KB of JSON whose keys repeat in
 * every row: stored deflated it takes about 40 % of that (the events were 70 % of a demo store).
 * Rows written before are plain JSON text and read as they are; the table is append-only, so
 * they are never rewritten.
 */
export function packEventData(json: string): Buffer {
  return deflateRawSync(json)
}

export function unpackEventData(data: string | Buffer): string {
  return typeof data === 'string' ? data : inflateRawSync(data).toString('utf8')
}
