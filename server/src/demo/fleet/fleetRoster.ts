import { hashText } from './sceneCatalog'

/**
 * Which simulated cameras misbehave, and how, so the wall's health view has something to show.
 * Cameras are ranked by a hash of their id; the first ones in that order are offline, the next
 * flap, the next stall. The same registry and settings always give the same roster.
 */
export type OfflineAnswer = 'http-503' | 'http-404' | 'reset'

export type CameraFate =
  | { kind: 'normal' }
  /** Never answers usefully: 503 (device offline behind its NVR), 404 (stream gone) or a reset connection. */
  | { kind: 'offline'; answer: OfflineAnswer }
  /** Online and offline in turns of `periodMs`, each camera at its own phase. */
  | { kind: 'flapping'; periodMs: number; phaseMs: number }
  /** Live for `liveMs` of every `cycleMs`, then its playlist stops advancing (served, but frozen). */
  | { kind: 'stalled'; cycleMs: number; liveMs: number; phaseMs: number }

export interface RosterOptions {
  offlineShare: number
  flapping: number
  flapSeconds: number
  stalled: number
}

export const STALL_CYCLE_MS = 5 * 60_000
export const STALL_LIVE_MS = 60_000

export function assignFates(ids: readonly string[], o: RosterOptions): Map<string, CameraFate> {
  const ranked = [...ids].sort((a, b) => hashText(`fate:${a}`) - hashText(`fate:${b}`) || a.localeCompare(b))
  const offline = Math.min(ranked.length, Math.round(ranked.length * o.offlineShare))
  const flapping = Math.min(ranked.length - offline, o.flapping)
  const stalled = Math.min(ranked.length - offline - flapping, o.stalled)
  const answers: OfflineAnswer[] = ['http-503', 'http-404', 'reset']
  const fates = new Map<string, CameraFate>()
  ranked.forEach((id, i) => {
    const h = hashText(`phase:${id}`)
    if (i < offline) fates.set(id, { kind: 'offline', answer: answers[i % answers.length]! })
    else if (i < offline + flapping) fates.set(id, { kind: 'flapping', periodMs: o.flapSeconds * 1000, phaseMs: h % (o.flapSeconds * 2000) })
    else if (i < offline + flapping + stalled) fates.set(id, { kind: 'stalled', cycleMs: STALL_CYCLE_MS, liveMs: STALL_LIVE_MS, phaseMs: h % STALL_CYCLE_MS })
    else fates.set(id, { kind: 'normal' })
  })
  return fates
}

export type Condition =
  | { online: true; /** The playlist is shown as it was at this time (a stalled camera's freeze). */ asOfMs: number }
  | { online: false; answer: OfflineAnswer }

/** What a camera does at `nowMs`: a pure function of its fate and the clock. */
export function conditionAt(fate: CameraFate, nowMs: number): Condition {
  switch (fate.kind) {
    case 'normal':
      return { online: true, asOfMs: nowMs }
    case 'offline':
      return { online: false, answer: fate.answer }
    case 'flapping':
      return Math.floor((nowMs + fate.phaseMs) / fate.periodMs) % 2 === 0 ? { online: true, asOfMs: nowMs } : { online: false, answer: 'http-503' }
    case 'stalled': {
      const intoCycle = (((nowMs + fate.phaseMs) % fate.cycleMs) + fate.cycleMs) % fate.cycleMs
      return { online: true, asOfMs: intoCycle < fate.liveMs ? nowMs : nowMs - intoCycle + fate.liveMs }
    }
  }
}

/** Counts and ids per fate, for the origin's status page and the start-up log. */
export function summarizeFates(fates: Map<string, CameraFate>): Record<CameraFate['kind'], string[]> {
  const out: Record<CameraFate['kind'], string[]> = { normal: [], offline: [], flapping: [], stalled: [] }
  for (const [id, fate] of fates) out[fate.kind].push(id)
  for (const list of Object.values(out)) list.sort()
  return out
}
