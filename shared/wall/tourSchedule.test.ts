import { describe, expect, it } from 'vitest'
import { nextTourChange, tourFrame, visibleTiles } from './tourSchedule'
import { applyWallCommand, initialWallState, type WallState, type WallTour } from './wallState'

const T0 = new Date('2026-11-28T08:00:00.000Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const cams = (n: number) => Array.from({ length: n }, (_, i) => `cam-${i + 1}`)
const tour: WallTour = { id: 'tour-1', name: 'Market round', cameraIds: cams(10), dwellSeconds: 30, startedAt: T0.toISOString() }

describe('tourFrame', () => {
  it('pages through the cameras one dwell at a time and fills the last page from the start', () => {
    expect(tourFrame(tour, 4, at(0))).toEqual(['cam-1', 'cam-2', 'cam-3', 'cam-4'])
    expect(tourFrame(tour, 4, at(29.999))).toEqual(['cam-1', 'cam-2', 'cam-3', 'cam-4'])
    expect(tourFrame(tour, 4, at(30))).toEqual(['cam-5', 'cam-6', 'cam-7', 'cam-8'])
    expect(tourFrame(tour, 4, at(60))).toEqual(['cam-9', 'cam-10', 'cam-1', 'cam-2'])
    // 17 cameras on 16 tiles: no dwell shows one camera and 15 dark tiles.
    const road = { ...tour, cameraIds: cams(17) }
    expect(tourFrame(road, 16, at(30))).toEqual(['cam-17', ...cams(15)])
    expect(new Set(tourFrame(road, 16, at(30))).size).toBe(16)
  })

  it('wraps to the first page after the last', () => {
    expect(tourFrame(tour, 4, at(90))).toEqual(tourFrame(tour, 4, at(0)))
    expect(tourFrame(tour, 4, at(121))).toEqual(['cam-5', 'cam-6', 'cam-7', 'cam-8'])
  })

  it('shows the first page before the tour starts and nothing on a wall without tiles', () => {
    expect(tourFrame(tour, 4, at(-100))).toEqual(['cam-1', 'cam-2', 'cam-3', 'cam-4'])
    expect(tourFrame(tour, 0, at(0))).toEqual([])
  })

  it('holds a tour that fits one page still', () => {
    expect(tourFrame(tour, 16, at(45))).toEqual([...cams(10), null, null, null, null, null, null])
  })
})

describe('nextTourChange', () => {
  it('is the next dwell boundary after now', () => {
    expect(nextTourChange(tour, at(0))).toEqual(at(30))
    expect(nextTourChange(tour, at(29))).toEqual(at(30))
    expect(nextTourChange(tour, at(30))).toEqual(at(60))
    expect(nextTourChange(tour, at(-5))).toEqual(at(30))
  })
})

describe('visibleTiles', () => {
  const fixed = (): WallState => applyWallCommand(initialWallState('main', T0), { type: 'fillTiles', cameraIds: ['a', 'b', 'c', 'd'] }, T0)
  const touring = (): WallState =>
    applyWallCommand(fixed(), { type: 'startTour', tour: { id: 'tour-1', name: 'Round', cameraIds: cams(12), dwellSeconds: 30 } }, T0)
  const alarm = (s: WallState, seconds: number) =>
    applyWallCommand(
      s,
      { type: 'alarmTakeover', caseId: 'case-1', code: 'GL-1', label: 'Fire', cameraIds: ['x', 'y'], timeoutSeconds: 600 },
      at(seconds),
    )

  it('shows the fixed tiles without a tour, and the tour frame with one', () => {
    expect(visibleTiles(fixed(), at(100))).toEqual(['a', 'b', 'c', 'd'])
    expect(visibleTiles(touring(), at(35))).toEqual(['cam-5', 'cam-6', 'cam-7', 'cam-8'])
  })

  it('shows alarm cameras on reserved tiles and freezes the tour on the frame at alarm start', () => {
    const s = alarm(touring(), 35)
    expect(visibleTiles(s, at(35))).toEqual(['x', 'y', 'cam-7', 'cam-8'])
    expect(visibleTiles(s, at(65))).toEqual(['x', 'y', 'cam-7', 'cam-8'])
    expect(visibleTiles(s, at(100))).toEqual(['x', 'y', 'cam-7', 'cam-8'])
  })

  it('resumes the tour on the page its clock has reached once the alarm is acknowledged', () => {
    const s = applyWallCommand(alarm(touring(), 35), { type: 'acknowledgeAlarm', caseId: 'case-1' }, at(65))
    expect(visibleTiles(s, at(65))).toEqual(['cam-9', 'cam-10', 'cam-11', 'cam-12'])
  })

  it('shows the first frame of a tour started during an alarm until the alarm ends', () => {
    const s = applyWallCommand(
      alarm(fixed(), 10),
      { type: 'startTour', tour: { id: 'tour-1', name: 'Round', cameraIds: cams(12), dwellSeconds: 30 } },
      at(20),
    )
    expect(visibleTiles(s, at(200))).toEqual(['x', 'y', 'cam-3', 'cam-4'])
  })

  it('shows alarm cameras over fixed tiles without a tour', () => {
    expect(visibleTiles(alarm(fixed(), 5), at(6))).toEqual(['x', 'y', 'c', 'd'])
  })
})
