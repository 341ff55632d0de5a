import exifReader from 'exif-reader'
import { BEIJING_OFFSET_MS } from '@shared/rules/beijingTime'
import type { LngLat } from '@shared/schemas/geo'

/** What a photo says of its own capture, from its EXIF; null where it says nothing (usable). */
export interface PhotoCapture {
  /** UTC, ISO 8601. */
  capturedAt: string | null
  capturedPlace: LngLat | null
}

const NOTHING: PhotoCapture = { capturedAt: null, capturedPlace: null }

/** Before digital cameras nothing was captured; a year like 1970 or 0000 is a camera without a set clock. */
const EARLIEST_CAPTURE = Date.UTC(2000, 0, 1)

/**
 * Read the capture time and place from an EXIF block (sharp's `metadata().exif`). A block that does
 * not parse is treated as absent: the photo is still a photo, it just vouches for nothing.
 */
export function readCapture(exif: Buffer | undefined): PhotoCapture {
  if (!exif) return NOTHING
  let tags: ReturnType<typeof exifReader>
  try {
    tags = exifReader(exif)
  } catch {
    return NOTHING
  }
  return { capturedAt: captureTime(tags.Photo), capturedPlace: capturePlace(tags.GPSInfo) }
}

/**
 * DateTimeOriginal is the camera's wall clock, without a zone; exif-reader returns it as if it were
 * UTC. A phone that writes OffsetTimeOriginal ("+08:00") says its zone; one that does not is taken
 * to be on Beijing time (UTC+8), which every handset of this center is set to; a phone kept on
 * another zone's clock would read whole hours off, and its photos may be flagged `gallery` wrongly.
 */
function captureTime(photo: ReturnType<typeof exifReader>['Photo']): string | null {
  const wallClock = photo?.DateTimeOriginal
  if (!(wallClock instanceof Date) || Number.isNaN(wallClock.getTime()) || wallClock.getTime() < EARLIEST_CAPTURE) return null
  const offsetMs = zoneOffsetMs(photo?.OffsetTimeOriginal) ?? BEIJING_OFFSET_MS
  return new Date(wallClock.getTime() - offsetMs).toISOString()
}

function zoneOffsetMs(offset: unknown): number | null {
  const m = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null
  if (!m) return null
  const ms = (Number(m[2]) * 60 + Number(m[3])) * 60_000
  return m[1] === '-' ? -ms : ms
}

/** Degrees, minutes, seconds and a hemisphere as EXIF writes them, to signed decimal degrees. */
function degrees(dms: unknown, ref: unknown, negative: string): number | null {
  if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((n) => typeof n === 'number' && Number.isFinite(n))) return null
  const [d, m, s] = dms as [number, number, number]
  const value = d + m / 60 + s / 3600
  return typeof ref === 'string' && ref.trim().toUpperCase() === negative ? -value : value
}

/** A phone without a fix may write 0/0 ("null island"): that is no place, not a place in the Atlantic. */
function capturePlace(gps: ReturnType<typeof exifReader>['GPSInfo']): LngLat | null {
  const lat = degrees(gps?.GPSLatitude, gps?.GPSLatitudeRef, 'S')
  const lng = degrees(gps?.GPSLongitude, gps?.GPSLongitudeRef, 'W')
  if (lat === null || lng === null || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null
  if (lat === 0 && lng === 0) return null
  return { lng, lat }
}
