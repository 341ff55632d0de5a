import { z } from 'zod'
import type { ErrorCode } from '../errors'
import { Position } from '../schemas/geo'
import { BriefingScope } from '../schemas/briefing'
import { Id } from '../schemas/reference'
import { AlarmCall, AlarmQueue, UNKNOWN_URGENCY_MINUTES, enqueueAlarm, takeNextAlarm, withoutAlarm } from './alarmQueue'
import { tourFrame, tourFrameTime } from './tourSchedule'
import { MAX_TILES, WallLayoutKind, tileCount } from './wallLayout'

/*
 * The shared state of one video wall and the commands that change it. Commands arrive from
 * dispatchers' browsers, so every string and array is bounded here; the reducer is pure so the
 * server decides with it and a client can predict the outcome of a command before the ack.
 */

/** The whole camera fleet: a tour may rotate through every camera of the street. */
export const MAX_TOUR_CAMERAS = 562
/** An alarm takes at most this many tiles, so the rest of the wall keeps its overview. */
export const MAX_ALARM_TILES = 4

/** A wall's name doubles as its room key, so it is a plain id token rather than free text. */
export const WallName = Id
export type WallName = z.infer<typeof WallName>

const Label = z.string().trim().min(1).max(120)
const Instant = z.iso.datetime()
const TileIndex = z.number().int().min(0).max(MAX_TILES - 1)
const TileContent = Id.nullable()
const Tiles = z.array(TileContent).max(MAX_TILES)
type Tiles = z.infer<typeof Tiles>

export const WallTour = z.object({
  id: Id,
  name: Label,
  cameraIds: z.array(Id).min(1).max(MAX_TOUR_CAMERAS),
  dwellSeconds: z.number().int().min(5).max(600),
  startedAt: Instant,
})
export type WallTour = z.infer<typeof WallTour>

/** A tour as a client asks for it: the server's clock, not the browser's, starts it. */
export const WallTourRequest = WallTour.omit({ startedAt: true })
export type WallTourRequest = z.infer<typeof WallTourRequest>

/** The alarm holding the wall; the first `tiles.length` of its `cameraIds` are on the wall. */
export const WallAlarm = AlarmCall.extend({
  /** Reserved tile indexes: tile `tiles[i]` shows `cameraIds[i]`. */
  tiles: z.array(TileIndex).max(MAX_ALARM_TILES),
  /** When it came on the wall (its hold runs from here, not from the report). */
  startedAt: Instant,
  expiresAt: Instant,
  /**
   * The wall's tiles underneath the alarm, what lifting it restores: the tiles before the
   * takeover, kept up to date by edits made during the alarm so those survive its end.
   */
  saved: Tiles,
})
export type WallAlarm = z.infer<typeof WallAlarm>

export const WallMapView = z.object({
  center: Position,
  zoom: z.number().min(0).max(24),
  /** As MapLibre's getBearing() reports it. */
  bearing: z.number().min(-180).max(180),
})
export type WallMapView = z.infer<typeof WallMapView>

/** A case pushed onto the wall from a desk (推送上墙); `at` makes pushing the same case again a new request. */
export const WallFocus = z.object({ caseId: Id, at: Instant })
export type WallFocus = z.infer<typeof WallFocus>

/** A briefing a leader put on the wall (上墙): every screen of it shows /briefing's pages full-screen, from `page`. */
export const WallBriefing = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)'),
  scope: BriefingScope,
  page: z.number().int().min(0).max(99),
})
export type WallBriefing = z.infer<typeof WallBriefing>

export const WallState = z
  .object({
    name: WallName,
    layout: WallLayoutKind,
    /** Camera id per tile in layout order; what the wall shows when no tour runs. */
    tiles: Tiles,
    selectedTile: TileIndex,
    tour: WallTour.nullable(),
    alarm: WallAlarm.nullable(),
    /** Alarms waiting behind the one on the wall, in the order they will come up (alarmQueue.ts). */
    alarmQueue: AlarmQueue.default([]),
    mapView: WallMapView.nullable(),
    /** The case the wall's map last showed with its popup because a desk pushed it. */
    focus: WallFocus.nullable().default(null),
    /** The briefing on the wall, over everything else, until taken down (null). */
    briefing: WallBriefing.nullable().default(null),
    version: z.number().int().min(0),
    updatedAt: Instant,
  })
  .superRefine((s, ctx) => {
    const n = tileCount(s.layout)
    if (s.tiles.length !== n) ctx.addIssue({ code: 'custom', path: ['tiles'], message: `layout ${s.layout} has ${n} tiles` })
    if (s.selectedTile >= n) ctx.addIssue({ code: 'custom', path: ['selectedTile'], message: `layout ${s.layout} has ${n} tiles` })
    if (s.alarm && (s.alarm.saved.length !== n || s.alarm.tiles.some((t) => t >= n))) {
      ctx.addIssue({ code: 'custom', path: ['alarm'], message: `the alarm does not fit layout ${s.layout}` })
    }
  })
export type WallState = z.infer<typeof WallState>

export const WallCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setLayout'), layout: WallLayoutKind }),
  z.object({ type: z.literal('setTile'), tile: TileIndex, cameraId: TileContent }),
  z.object({ type: z.literal('selectTile'), tile: TileIndex }),
  /** More cameras than tiles is fine: the first ones fill the layout. */
  z.object({ type: z.literal('fillTiles'), cameraIds: z.array(Id).max(MAX_TOUR_CAMERAS) }),
  z.object({ type: z.literal('startTour'), tour: WallTourRequest }),
  z.object({ type: z.literal('stopTour') }),
  z.object({
    type: z.literal('alarmTakeover'),
    caseId: Id,
    code: WallAlarm.shape.code,
    label: Label,
    cameraIds: WallAlarm.shape.cameraIds,
    timeoutSeconds: AlarmCall.shape.holdSeconds,
    /** Absent: an unknown category (least urgent) reported now. */
    urgencyMinutes: AlarmCall.shape.urgencyMinutes.optional(),
    reportedAt: Instant.optional(),
  }),
  z.object({ type: z.literal('acknowledgeAlarm'), caseId: Id }),
  /** Bring a waiting alarm onto the wall; the one it replaces waits again, unacknowledged. */
  z.object({ type: z.literal('showAlarm'), caseId: Id }),
  z.object({ type: z.literal('setMapView'), mapView: WallMapView.nullable() }),
  /** 推送上墙: every screen of the wall flies its map to the case and opens its popup. */
  z.object({ type: z.literal('focusCase'), caseId: Id }),
  /** 上墙: put a briefing on the wall, or take it down (null); tiles, tour and alarms carry on beneath it. */
  z.object({ type: z.literal('showBriefing'), briefing: WallBriefing.nullable() }),
])
export type WallCommand = z.infer<typeof WallCommand>

export type WallCommandRefusal = 'invalid_command' | 'tile_out_of_range' | 'tile_reserved' | 'no_alarm' | 'alarm_mismatch' | 'not_queued'

const REFUSAL_CODE: Record<WallCommandRefusal, ErrorCode> = {
  invalid_command: 'VALIDATION_FAILED',
  tile_out_of_range: 'VALIDATION_FAILED',
  tile_reserved: 'ILLEGAL_TRANSITION',
  no_alarm: 'ILLEGAL_TRANSITION',
  alarm_mismatch: 'ILLEGAL_TRANSITION',
  not_queued: 'ILLEGAL_TRANSITION',
}

/** A command the wall cannot take; `code` is ready for the ack envelope. */
export class WallCommandError extends Error {
  override readonly name = 'WallCommandError'
  readonly code: ErrorCode
  constructor(
    readonly reason: WallCommandRefusal,
    message: string,
  ) {
    super(message)
    this.code = REFUSAL_CODE[reason]
  }
}

/**
 * The case whose alarm holds `tile` with `cameraId` on it: a snapshot of that tile is that case's
 * evidence. Any other tile's snapshot belongs to no case, however many alarms are open.
 */
export function alarmCaseOfTile(state: Pick<WallState, 'alarm'> | null, tile: number, cameraId: string): string | null {
  const alarm = state?.alarm
  if (!alarm) return null
  const i = alarm.tiles.indexOf(tile)
  return i >= 0 && alarm.cameraIds[i] === cameraId ? alarm.caseId : null
}

export function initialWallState(name: string, now: Date): WallState {
  return {
    name: WallName.parse(name),
    layout: '4',
    tiles: [null, null, null, null],
    selectedTile: 0,
    tour: null,
    alarm: null,
    alarmQueue: [],
    mapView: null,
    focus: null,
    briefing: null,
    version: 0,
    updatedAt: now.toISOString(),
  }
}

const fit = (tiles: readonly (string | null)[], n: number): Tiles =>
  Array.from({ length: n }, (_, i) => tiles[i] ?? null)

/** The wall's own tiles with any alarm lifted. */
function fixedTiles(state: WallState): Tiles {
  return [...(state.alarm ? state.alarm.saved : state.tiles)]
}

/** What the operator sees underneath any alarm: the (possibly frozen) tour frame, or the fixed tiles. */
function shownTiles(state: WallState, now: Date): Tiles {
  if (!state.tour) return fixedTiles(state)
  return tourFrame(state.tour, tileCount(state.layout), tourFrameTime(state, now))
}

/**
 * Lay an alarm over `base`: it reserves the first tiles (the large one in a "1+N" layout) and
 * remembers `base` so lifting it restores exactly what was underneath.
 */
function overlayAlarm(base: Tiles, alarm: WallAlarm | null): { tiles: Tiles; alarm: WallAlarm | null } {
  if (!alarm) return { tiles: base, alarm: null }
  const k = Math.min(alarm.cameraIds.length, MAX_ALARM_TILES, base.length)
  const tiles = [...base]
  const reserved: number[] = []
  for (let i = 0; i < k; i++) {
    tiles[i] = alarm.cameraIds[i]!
    reserved.push(i)
  }
  return { tiles, alarm: { ...alarm, tiles: reserved, saved: base } }
}

function checkTile(state: WallState, tile: number): void {
  const n = tileCount(state.layout)
  if (tile >= n) throw new WallCommandError('tile_out_of_range', `tile ${tile} does not exist in layout ${state.layout} (tiles 0-${n - 1})`)
}

function parseCommand(command: unknown): WallCommand {
  const parsed = WallCommand.safeParse(command)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  throw new WallCommandError('invalid_command', `${where}${issue?.message ?? 'not a wall command'}`)
}

/**
 * Decide one command. The command is parsed here as well as at the socket boundary, because
 * every state this returns must satisfy WallState whoever calls it.
 *
 * Decisions the schema cannot show:
 * - Manual tile edits (setTile, fillTiles) and stopTour end a running tour, starting from what
 *   the wall shows at that moment so it does not jump; an edit the wall would hide is worse.
 * - During an alarm, tile edits change the layout underneath it (what acknowledgement restores);
 *   setTile on a reserved tile is refused instead, since the operator would see nothing happen.
 * - setLayout keeps tiles that still fit and, during an alarm, re-lays the alarm on the new layout.
 * - One alarm holds the wall: a takeover while one holds joins the queue (alarmQueue.ts), and
 *   acknowledging, timing out or picking another (showAlarm) brings up the next one, whose hold
 *   starts then. Every alarm lies over the same fixed tiles, so the last one lifted restores them.
 */
export function applyWallCommand(state: WallState, command: WallCommand, now: Date): WallState {
  const cmd = parseCommand(command)
  const next = decide(state, cmd, now)
  return { ...next, version: state.version + 1, updatedAt: now.toISOString() }
}

function decide(state: WallState, cmd: WallCommand, now: Date): WallState {
  switch (cmd.type) {
    case 'setLayout': {
      const n = tileCount(cmd.layout)
      const { tiles, alarm } = overlayAlarm(fit(fixedTiles(state), n), state.alarm)
      return { ...state, layout: cmd.layout, tiles, alarm, selectedTile: state.selectedTile < n ? state.selectedTile : 0 }
    }
    case 'setTile': {
      checkTile(state, cmd.tile)
      if (state.alarm?.tiles.includes(cmd.tile)) {
        throw new WallCommandError('tile_reserved', `tile ${cmd.tile} shows alarm ${state.alarm.code}; acknowledge the alarm first`)
      }
      const base = shownTiles(state, now)
      base[cmd.tile] = cmd.cameraId
      return { ...state, ...overlayAlarm(base, state.alarm), tour: null }
    }
    case 'selectTile':
      checkTile(state, cmd.tile)
      return { ...state, selectedTile: cmd.tile }
    case 'fillTiles': {
      const base = fit(cmd.cameraIds, tileCount(state.layout))
      return { ...state, ...overlayAlarm(base, state.alarm), tour: null }
    }
    case 'startTour':
      return { ...state, tour: { ...cmd.tour, startedAt: now.toISOString() } }
    case 'stopTour':
      return { ...state, ...overlayAlarm(shownTiles(state, now), state.alarm), tour: null }
    case 'alarmTakeover': {
      const call: AlarmCall = {
        caseId: cmd.caseId,
        code: cmd.code,
        label: cmd.label,
        cameraIds: cmd.cameraIds,
        urgencyMinutes: cmd.urgencyMinutes ?? UNKNOWN_URGENCY_MINUTES,
        reportedAt: cmd.reportedAt ?? now.toISOString(),
        holdSeconds: cmd.timeoutSeconds,
      }
      // The alarm on the wall holds until acknowledged or timed out: a new one waits its turn.
      if (state.alarm?.caseId === call.caseId) return state
      if (state.alarm) return { ...state, alarmQueue: enqueueAlarm(state.alarmQueue, call, now) }
      return raiseAlarm(state, call, now)
    }
    case 'acknowledgeAlarm':
      if (!state.alarm) throw new WallCommandError('no_alarm', 'no alarm holds the wall')
      if (state.alarm.caseId !== cmd.caseId) {
        throw new WallCommandError('alarm_mismatch', `the wall shows the alarm of case ${state.alarm.code}, not ${cmd.caseId}`)
      }
      return liftAlarm(state, now)
    case 'showAlarm': {
      const picked = state.alarmQueue.find((q) => q.caseId === cmd.caseId)
      if (!picked) throw new WallCommandError('not_queued', `no alarm of case ${cmd.caseId} waits on this wall`)
      const rest = withoutAlarm(state.alarmQueue, cmd.caseId)
      // The alarm it replaces was not acknowledged: it waits again in its place, its hold to start afresh.
      const alarmQueue = state.alarm ? enqueueAlarm(rest, callOf(state.alarm), now) : rest
      return raiseAlarm({ ...state, tiles: fixedTiles(state), alarm: null, alarmQueue }, picked, now)
    }
    case 'setMapView':
      return { ...state, mapView: cmd.mapView }
    case 'focusCase':
      return { ...state, focus: { caseId: cmd.caseId, at: now.toISOString() } }
    case 'showBriefing':
      return { ...state, briefing: cmd.briefing }
  }
}

/** Just the call of an alarm held or waiting (no tiles, no queue time). */
function callOf(alarm: AlarmCall): AlarmCall {
  const { caseId, code, label, cameraIds, urgencyMinutes, reportedAt, holdSeconds } = alarm
  return { caseId, code, label, cameraIds, urgencyMinutes, reportedAt, holdSeconds }
}

/** Put an alarm on a wall no alarm holds: its hold starts now. */
function raiseAlarm(state: WallState, call: AlarmCall, now: Date): WallState {
  const alarm: WallAlarm = {
    ...callOf(call),
    tiles: [],
    startedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + call.holdSeconds * 1000).toISOString(),
    saved: [],
  }
  return { ...state, ...overlayAlarm(fixedTiles(state), alarm) }
}

/** Take the alarm off the wall (restoring what it covered) and bring up the next waiting one, if any. */
function liftAlarm(state: WallState, now: Date): WallState {
  const { next, rest } = takeNextAlarm(state.alarmQueue)
  const lifted: WallState = { ...state, tiles: fixedTiles(state), alarm: null, alarmQueue: rest }
  return next ? raiseAlarm(lifted, next, now) : lifted
}

/** Lift an alarm whose time is up; the same object back when nothing changes, so callers can skip a broadcast. */
export function expireAlarm(state: WallState, now: Date): WallState {
  if (!state.alarm || now.getTime() < Date.parse(state.alarm.expiresAt)) return state
  return { ...liftAlarm(state, now), version: state.version + 1, updatedAt: now.toISOString() }
}

/** A waiting alarm whose case is dealt with leaves the queue; the same object back when it was not there. */
export function dropQueuedAlarm(state: WallState, caseId: string, now: Date): WallState {
  if (!state.alarmQueue.some((q) => q.caseId === caseId)) return state
  return { ...state, alarmQueue: withoutAlarm(state.alarmQueue, caseId), version: state.version + 1, updatedAt: now.toISOString() }
}
