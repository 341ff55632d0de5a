import { describe, expect, it } from 'vitest'
import {
  type WallCommand,
  WallCommandError,
  WallState,
  alarmCaseOfTile,
  applyWallCommand,
  expireAlarm,
  initialWallState,
  type WallCommandRefusal,
} from './wallState'

const T0 = new Date('2026-11-28T08:00:00.000Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const cams = (n: number, prefix = 'cam') => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`)

/** Apply commands one second apart, checking every intermediate state against the schema. */
function run(state: WallState, ...commands: WallCommand[]): WallState {
  return commands.reduce((s, c) => WallState.parse(applyWallCommand(s, c, at(s.version + 1))), state)
}
const wall = (...commands: WallCommand[]) => run(initialWallState('main', T0), ...commands)
const alarm = (caseId: string, cameraIds: string[], timeoutSeconds = 300): WallCommand => ({
  type: 'alarmTakeover',
  caseId,
  code: `GL-${caseId}`,
  label: 'Fire in the market',
  cameraIds,
  timeoutSeconds,
})

function caught(fn: () => unknown): WallCommandError | null {
  try {
    fn()
  } catch (e) {
    if (e instanceof WallCommandError) return e
    throw e
  }
  return null
}
const refusal = (fn: () => unknown): WallCommandRefusal | 'no error' => caught(fn)?.reason ?? 'no error'


describe('initialWallState', () => {
  it('starts as a valid empty 4-split at version 0', () => {
    const s = WallState.parse(initialWallState('main', T0))
    expect(s).toMatchObject({ layout: '4', tiles: [null, null, null, null], version: 0, updatedAt: T0.toISOString() })
  })

  it('refuses a name that cannot be a room key', () => {
    expect(() => initialWallState('main wall/1', T0)).toThrow()
  })
})

describe('applyWallCommand', () => {
  it('bumps the version and stamps the time on every command, leaving the input untouched', () => {
    const before = initialWallState('main', T0)
    const after = applyWallCommand(before, { type: 'selectTile', tile: 2 }, at(5))
    expect(after).toMatchObject({ version: 1, updatedAt: at(5).toISOString(), selectedTile: 2 })
    expect(before).toMatchObject({ version: 0, selectedTile: 0 })
  })

  it('keeps the tiles that still fit when the layout changes', () => {
    const s = wall({ type: 'fillTiles', cameraIds: cams(4) }, { type: 'selectTile', tile: 3 }, { type: 'setLayout', layout: '9' })
    expect(s.tiles).toEqual([...cams(4), null, null, null, null, null])
    expect(s.selectedTile).toBe(3)
    const small = run(s, { type: 'setLayout', layout: '1' })
    expect(small.tiles).toEqual(['cam-1'])
    expect(small.selectedTile).toBe(0)
  })

  it('fills from tile 0 and clears the rest, ignoring cameras beyond the layout', () => {
    const s = wall({ type: 'setTile', tile: 3, cameraId: 'old' }, { type: 'fillTiles', cameraIds: ['a', 'b'] })
    expect(s.tiles).toEqual(['a', 'b', null, null])
    expect(wall({ type: 'fillTiles', cameraIds: cams(10) }).tiles).toEqual(cams(4))
  })

  it('sets and clears one tile', () => {
    const s = wall({ type: 'setTile', tile: 1, cameraId: 'a' })
    expect(s.tiles).toEqual([null, 'a', null, null])
    expect(run(s, { type: 'setTile', tile: 1, cameraId: null }).tiles).toEqual([null, null, null, null])
  })

  it('refuses tile indexes outside the layout with a typed reason and an ack code', () => {
    const s = initialWallState('main', T0)
    expect(refusal(() => applyWallCommand(s, { type: 'setTile', tile: 4, cameraId: 'a' }, T0))).toBe('tile_out_of_range')
    expect(refusal(() => applyWallCommand(s, { type: 'selectTile', tile: 9 }, T0))).toBe('tile_out_of_range')
    expect(caught(() => applyWallCommand(s, { type: 'selectTile', tile: 9 }, T0))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('tiles 0-3'),
    })
  })

  it('refuses malformed commands from untrusted clients', () => {
    const s = initialWallState('main', T0)
    const bad = [
      { type: 'setTile', tile: -1, cameraId: 'a' },
      { type: 'setTile', tile: 0, cameraId: 'x'.repeat(65) },
      { type: 'setTile', tile: 0, cameraId: 'a;drop' },
      { type: 'fillTiles', cameraIds: cams(563) },
      { type: 'startTour', tour: { id: 't', name: 'T', cameraIds: ['a'], dwellSeconds: 4 } },
      { type: 'startTour', tour: { id: 't', name: 'T', cameraIds: [], dwellSeconds: 30 } },
      { type: 'setLayout', layout: '2' },
      { type: 'reboot' },
    ]
    for (const command of bad) {
      expect(refusal(() => applyWallCommand(s, command as WallCommand, T0))).toBe('invalid_command')
    }
  })

  it('starts a tour on the server clock and stops it where it is', () => {
    const s = wall(
      { type: 'fillTiles', cameraIds: ['a'] },
      { type: 'startTour', tour: { id: 'tour-1', name: 'Round', cameraIds: cams(8), dwellSeconds: 5 } },
    )
    expect(s.tour).toMatchObject({ id: 'tour-1', startedAt: at(2).toISOString() })
    // Stopped at t=8: 6 s into the tour, the second page shows and stays.
    const stopped = applyWallCommand(s, { type: 'stopTour' }, at(8))
    expect(stopped.tour).toBeNull()
    expect(stopped.tiles).toEqual(['cam-5', 'cam-6', 'cam-7', 'cam-8'])
  })

  it('ends a running tour on a manual tile edit, keeping the frame the wall showed', () => {
    const s = wall({ type: 'startTour', tour: { id: 'tour-1', name: 'Round', cameraIds: cams(8), dwellSeconds: 60 } })
    const edited = run(s, { type: 'setTile', tile: 2, cameraId: 'mine' })
    expect(edited.tour).toBeNull()
    expect(edited.tiles).toEqual(['cam-1', 'cam-2', 'mine', 'cam-4'])
    expect(run(s, { type: 'fillTiles', cameraIds: ['g'] })).toMatchObject({ tour: null, tiles: ['g', null, null, null] })
  })

  it('sets and clears the map view', () => {
    const s = wall({ type: 'setMapView', mapView: { center: [116.4, 39.94], zoom: 15, bearing: -20 } })
    expect(s.mapView).toEqual({ center: [116.4, 39.94], zoom: 15, bearing: -20 })
    expect(run(s, { type: 'setMapView', mapView: null }).mapView).toBeNull()
    expect(refusal(() => applyWallCommand(s, { type: 'setMapView', mapView: { center: [200, 0], zoom: 1, bearing: 0 } }, T0))).toBe(
      'invalid_command',
    )
  })

  it('focuses a pushed case, a new request each push, leaving tiles and map view as they were', () => {
    const s = wall({ type: 'fillTiles', cameraIds: ['a', 'b'] })
    const first = applyWallCommand(s, { type: 'focusCase', caseId: 'case-1' }, at(1))
    expect(first).toMatchObject({ focus: { caseId: 'case-1', at: at(1).toISOString() }, tiles: s.tiles, mapView: s.mapView, version: s.version + 1 })
    expect(applyWallCommand(first, { type: 'focusCase', caseId: 'case-1' }, at(2)).focus).toEqual({ caseId: 'case-1', at: at(2).toISOString() })
    expect(initialWallState('main', T0).focus).toBeNull()
    expect(refusal(() => applyWallCommand(s, { type: 'focusCase', caseId: '' }, T0))).toBe('invalid_command')
  })

  it('puts a briefing on the wall over tiles and tour and takes it down, refusing a malformed one', () => {
    const s = wall({ type: 'fillTiles', cameraIds: ['a', 'b'] })
    const briefing = { from: '2026-11-01', to: '2026-11-30', scope: 'community:C03', page: 2 }
    const shown = applyWallCommand(s, { type: 'showBriefing', briefing }, at(1))
    expect(shown).toMatchObject({ briefing, tiles: s.tiles, version: s.version + 1 })
    expect(applyWallCommand(shown, { type: 'showBriefing', briefing: null }, at(2)).briefing).toBeNull()
    expect(initialWallState('main', T0).briefing).toBeNull()
    // A wall stored before briefings existed reads as showing none.
    const { briefing: _none, ...older } = initialWallState('main', T0)
    expect(WallState.parse(older).briefing).toBeNull()
    for (const bad of [{ ...briefing, scope: 'city' }, { ...briefing, from: '1 Nov' }, { ...briefing, page: -1 }]) {
      expect(refusal(() => applyWallCommand(s, { type: 'showBriefing', briefing: bad }, T0))).toBe('invalid_command')
    }
  })
})

describe('alarm takeover', () => {
  const nine = () => wall({ type: 'setLayout', layout: '9' }, { type: 'fillTiles', cameraIds: cams(9) })

  it('reserves the first tiles for the alarm cameras, at most 4, and saves what was there', () => {
    const s = run(nine(), alarm('c1', cams(6, 'x')))
    expect(s.tiles).toEqual(['x-1', 'x-2', 'x-3', 'x-4', 'cam-5', 'cam-6', 'cam-7', 'cam-8', 'cam-9'])
    expect(s.alarm).toMatchObject({ caseId: 'c1', tiles: [0, 1, 2, 3], saved: cams(9) })
    expect(run(nine(), alarm('c1', ['x'])).alarm?.tiles).toEqual([0])
    expect(wall({ type: 'setLayout', layout: '1' }, alarm('c1', cams(3, 'x'))).alarm?.tiles).toEqual([0])
  })

  it('sets the expiry from the timeout', () => {
    const s = applyWallCommand(nine(), alarm('c1', ['x'], 120), at(50))
    expect(s.alarm).toMatchObject({ startedAt: at(50).toISOString(), expiresAt: at(170).toISOString() })
  })

  it('restores the saved tiles on acknowledgement', () => {
    const s = run(nine(), alarm('c1', cams(2, 'x')), { type: 'acknowledgeAlarm', caseId: 'c1' })
    expect(s.alarm).toBeNull()
    expect(s.tiles).toEqual(cams(9))
  })

  it('keeps the first alarm on the wall when a second arrives; acknowledging brings up the second over the original tiles', () => {
    const s = run(nine(), alarm('c1', cams(4, 'x')), alarm('c2', cams(2, 'y')))
    expect(s.tiles.slice(0, 4)).toEqual(['x-1', 'x-2', 'x-3', 'x-4'])
    expect(s.alarm).toMatchObject({ caseId: 'c1', saved: cams(9) })
    expect(s.alarmQueue.map((q) => q.caseId)).toEqual(['c2'])
    const next = run(s, { type: 'acknowledgeAlarm', caseId: 'c1' })
    expect(next.tiles.slice(0, 4)).toEqual(['y-1', 'y-2', 'cam-3', 'cam-4'])
    expect(next).toMatchObject({ alarm: { caseId: 'c2', saved: cams(9) }, alarmQueue: [] })
    expect(run(next, { type: 'acknowledgeAlarm', caseId: 'c2' }).tiles).toEqual(cams(9))
  })

  it('refuses to acknowledge an alarm that is not on the wall', () => {
    expect(refusal(() => applyWallCommand(nine(), { type: 'acknowledgeAlarm', caseId: 'c1' }, T0))).toBe('no_alarm')
    const s = run(nine(), alarm('c1', ['x']))
    expect(refusal(() => applyWallCommand(s, { type: 'acknowledgeAlarm', caseId: 'c2' }, T0))).toBe('alarm_mismatch')
  })

  it('refuses edits to reserved tiles but keeps edits to the others after acknowledgement', () => {
    const s = run(nine(), alarm('c1', cams(2, 'x')))
    expect(refusal(() => applyWallCommand(s, { type: 'setTile', tile: 1, cameraId: 'z' }, T0))).toBe('tile_reserved')
    const edited = run(s, { type: 'setTile', tile: 5, cameraId: 'z' }, { type: 'acknowledgeAlarm', caseId: 'c1' })
    expect(edited.tiles).toEqual(['cam-1', 'cam-2', 'cam-3', 'cam-4', 'cam-5', 'z', 'cam-7', 'cam-8', 'cam-9'])
  })

  it('fills the layout underneath an alarm, shown once it is acknowledged', () => {
    const s = run(nine(), alarm('c1', cams(2, 'x')), { type: 'fillTiles', cameraIds: ['g1', 'g2', 'g3'] })
    expect(s.tiles).toEqual(['x-1', 'x-2', 'g3', null, null, null, null, null, null])
    expect(run(s, { type: 'acknowledgeAlarm', caseId: 'c1' }).tiles).toEqual(['g1', 'g2', 'g3', null, null, null, null, null, null])
  })

  it('takes a tile edit during an alarm over a tour from the frame frozen at alarm start', () => {
    const s = run(
      wall({ type: 'startTour', tour: { id: 'tour-1', name: 'Round', cameraIds: cams(8), dwellSeconds: 60 } }),
      alarm('c1', cams(2, 'x')),
    )
    // Applied at t=100, past the tour's first dwell: the frozen first page is what stays.
    const edited = applyWallCommand(s, { type: 'setTile', tile: 3, cameraId: 'mine' }, at(100))
    expect(edited).toMatchObject({ tour: null, tiles: ['x-1', 'x-2', 'cam-3', 'mine'] })
    expect(run(edited, { type: 'acknowledgeAlarm', caseId: 'c1' }).tiles).toEqual(['cam-1', 'cam-2', 'cam-3', 'mine'])
  })

  it('re-lays the alarm when the layout changes under it', () => {
    const s = run(nine(), alarm('c1', cams(3, 'x')), { type: 'setLayout', layout: '1' })
    expect(s.tiles).toEqual(['x-1'])
    expect(s.alarm).toMatchObject({ tiles: [0], saved: ['cam-1'] })
    const back = run(s, { type: 'setLayout', layout: '4' })
    expect(back.tiles).toEqual(['x-1', 'x-2', 'x-3', null])
    expect(run(back, { type: 'acknowledgeAlarm', caseId: 'c1' }).tiles).toEqual(['cam-1', null, null, null])
  })
})

describe('the case a snapshot belongs to', () => {
  const nine = () => wall({ type: 'setLayout', layout: '9' }, { type: 'fillTiles', cameraIds: cams(9) })

  it('is the alarm\'s case only on a tile the alarm holds, showing the alarm\'s camera', () => {
    const s = run(nine(), alarm('c1', cams(2, 'x')))
    expect(alarmCaseOfTile(s, 0, 'x-1')).toBe('c1')
    expect(alarmCaseOfTile(s, 1, 'x-2')).toBe('c1')
    // A tile outside the alarm, though an alarm is open: no case.
    expect(alarmCaseOfTile(s, 4, 'cam-5')).toBeNull()
    // The right tile with another camera on it (changed under the alarm): no case.
    expect(alarmCaseOfTile(s, 0, 'cam-1')).toBeNull()
  })

  it('is no case when no alarm holds the wall', () => {
    expect(alarmCaseOfTile(nine(), 0, 'cam-1')).toBeNull()
    expect(alarmCaseOfTile(null, 0, 'cam-1')).toBeNull()
    const s = run(nine(), alarm('c1', ['x']), { type: 'acknowledgeAlarm', caseId: 'c1' })
    expect(alarmCaseOfTile(s, 0, 'x')).toBeNull()
  })
})

describe('expireAlarm', () => {
  it('returns the same object while nothing is due', () => {
    const none = initialWallState('main', T0)
    expect(expireAlarm(none, at(10_000))).toBe(none)
    const s = applyWallCommand(initialWallState('main', T0), alarm('c1', ['x'], 60), at(0))
    expect(expireAlarm(s, at(59.999))).toBe(s)
  })

  it('restores the saved tiles once the alarm times out', () => {
    const s = applyWallCommand(run(initialWallState('main', T0), { type: 'fillTiles', cameraIds: ['a', 'b'] }), alarm('c1', ['x'], 60), at(10))
    const expired = expireAlarm(s, at(70))
    expect(expired).toMatchObject({ alarm: null, tiles: ['a', 'b', null, null], version: s.version + 1, updatedAt: at(70).toISOString() })
  })
})
