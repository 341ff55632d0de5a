import type { Case, CaseEvent, MergedReport } from '@shared/schemas/case'
import type { LngLat } from '@shared/schemas/geo'
import type { CaseRepository } from './caseRepository'

/** docs/domain.md, "Desks, field terminals and video patrol": a report within 50 m and 24 h of an open case of the same 小类 may be the same problem. */
export const DUPLICATE_RADIUS_M = 50
export const DUPLICATE_WINDOW_MS = 24 * 3_600_000

const EARTH_RADIUS_M = 6_371_008.8
const rad = (deg: number) => (deg * Math.PI) / 180

/** Great-circle distance in metres (haversine; exact enough at 50 m and this latitude). */
export function distanceM(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * The open case a new report probably duplicates, or null. Among several, prefer a case that is
 * not itself flagged (the original, not another copy), then the nearest, then the oldest.
 */
export function findDuplicateCandidate(
  repo: Pick<CaseRepository, 'nearby' | 'get'>,
  report: { categoryCode: string; location: LngLat; at: Date },
): string | null {
  const within = openCasesWithin(repo, report, DUPLICATE_WINDOW_MS).map((c) => ({ ...c, d: c.distanceM }))
  if (within.length === 0) return null
  // Only real candidates (usually none or one) are read in full, to see whether they are copies.
  const ranked = within
    .map((c) => ({ ...c, flagged: repo.get(c.id)?.duplicateOf != null }))
    .sort((x, y) => Number(x.flagged) - Number(y.flagged) || x.d - y.d || x.createdAt.localeCompare(y.createdAt))
  return ranked[0]!.id
}

/**
 * What an intake operator is shown while registering a call: every open case of the same 小类
 * within 50 m reported in the last 72 hours, from any channel, nearest first, so they can merge
 * instead of filing twice. Wider in time than the automatic flag (24 h): here a person judges.
 */
export const PREVIEW_WINDOW_MS = 72 * 3_600_000

export function possibleDuplicates(
  repo: Pick<CaseRepository, 'nearby'>,
  report: { categoryCode: string; location: LngLat; at: Date },
  windowMs = PREVIEW_WINDOW_MS,
): { id: string; distanceM: number }[] {
  return openCasesWithin(repo, report, windowMs)
    .map((c) => ({ id: c.id, distanceM: Math.round(c.distanceM) }))
    .sort((a, b) => a.distanceM - b.distanceM)
}

/** Open cases of the 小类 within DUPLICATE_RADIUS_M reported in the window: a box prefilters in SQL (by index on category and time), the exact distance decides. */
function openCasesWithin(repo: Pick<CaseRepository, 'nearby'>, report: { categoryCode: string; location: LngLat; at: Date }, windowMs: number) {
  const { lng, lat } = report.location
  const dLat = DUPLICATE_RADIUS_M / 111_320
  const dLng = dLat / Math.cos(rad(lat))
  const since = new Date(report.at.getTime() - windowMs).toISOString()
  return repo
    .nearby(report.categoryCode, since, { west: lng - dLng, east: lng + dLng, south: lat - dLat, north: lat + dLat })
    .map((c) => ({ ...c, distanceM: distanceM(report.location, c.location) }))
    .filter((c) => c.distanceM <= DUPLICATE_RADIUS_M)
}

/** The duplicate's report as the target case keeps it (masked, like everything served). */
export function mergedReport(duplicate: Case, at: string): MergedReport {
  return {
    caseId: duplicate.id,
    code: duplicate.code,
    source: duplicate.source,
    title: duplicate.title,
    description: duplicate.description,
    location: duplicate.location,
    address: duplicate.address,
    reporterName: duplicate.reporterName,
    reporterPhone: duplicate.reporterPhone,
    reportedAt: duplicate.createdAt,
    mergedAt: at,
  }
}

/** The target's history entry of a merge: who merged what, with the duplicate's photos kept. */
export function targetMergeEntry(
  target: Case,
  duplicate: Case,
  reportEntry: CaseEvent | undefined,
  merge: Pick<CaseEvent, 'actorId' | 'actorRole' | 'at' | 'reason'>,
): CaseEvent {
  return {
    caseId: target.id,
    action: 'merge',
    from: target.state,
    to: target.state,
    ...merge,
    notes: `merged report ${duplicate.code} (${duplicate.source}): ${duplicate.title}`.slice(0, 4000),
    photos: reportEntry?.photos ?? [],
    assignee: null,
  }
}
