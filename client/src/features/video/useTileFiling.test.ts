import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { Case } from '@shared/schemas/case'
import type { Category } from '@shared/schemas/reference'
import { attachEvidence } from '../../api/evidence'
import { ApiError } from '../../api/http'
import { useTileFiling, type TileShot } from './useTileFiling'
import { dispatchCase, fetchPossibleDuplicates, fetchSuggestions, fileCase, reportCameraCase } from './videoFilingApi'

vi.mock('./videoFilingApi', () => ({ reportCameraCase: vi.fn(), fileCase: vi.fn(), fetchSuggestions: vi.fn(), dispatchCase: vi.fn(), fetchPossibleDuplicates: vi.fn() }))
vi.mock('../../api/evidence', () => ({ attachEvidence: vi.fn() }))

const shot: TileShot = {
  cameraId: 'CAM001',
  cameraName: '新西路-路口-01',
  location: { lng: 116.83, lat: 40.38 },
  takenAt: new Date('2026-12-04T04:00:00Z'),
  blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }),
  width: 640,
  height: 360,
}
const category = { code: 'C0102', name: '井盖破损' } as Category
const made = (state: Case['state'], version: number) => ({ id: 'k1', code: 'GL-1', state, version }) as Case
const candidate = { assignee: { kind: 'worker', id: 'W0001' }, name: '曹国庆' }

beforeEach(() => {
  vi.mocked(reportCameraCase).mockReset().mockResolvedValue(made('pending_filing', 1))
  vi.mocked(fileCase).mockReset().mockResolvedValue(made('pending_dispatch', 2))
  vi.mocked(attachEvidence).mockReset().mockResolvedValue({ id: 'e1' } as never)
  vi.mocked(fetchSuggestions).mockReset().mockResolvedValue({ candidates: [candidate] } as never)
  vi.mocked(dispatchCase).mockReset().mockResolvedValue(made('dispatched', 3))
  vi.mocked(fetchPossibleDuplicates).mockReset().mockResolvedValue([])
})
const settle = async () => {
  await nextTick()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

describe('useTileFiling', () => {
  it('reports 视频发现 at the camera with a title of category · camera, files, attaches the still and offers candidates', async () => {
    const f = useTileFiling(shot, 'duty_chief', true)
    f.category.value = category
    expect(f.title.value).toBe('井盖破损 · 新西路-路口-01')
    await f.submit()
    const [body, key] = vi.mocked(reportCameraCase).mock.calls[0]!
    expect(body).toEqual({ categoryCode: 'C0102', title: '井盖破损 · 新西路-路口-01', location: shot.location, address: shot.cameraName })
    expect(key).toMatch(/^tile:CAM001:/)
    expect(vi.mocked(attachEvidence)).toHaveBeenCalledWith('k1', { cameraId: 'CAM001', takenAt: shot.takenAt, blob: shot.blob })
    expect(f.created.value?.state).toBe('pending_dispatch')
    expect(f.candidates.value).toEqual([candidate])
    await f.dispatch(f.candidates.value[0]!)
    expect(vi.mocked(dispatchCase)).toHaveBeenCalledWith(made('pending_dispatch', 2), candidate.assignee)
    expect(f.dispatchedTo.value).toBe('曹国庆')
  })

  it('keeps the case when the still fails to upload, and 重试 attaches it without reporting twice', async () => {
    vi.mocked(attachEvidence).mockRejectedValueOnce(new ApiError('NETWORK', 'no answer', 0, '/cases/k1/evidence'))
    const f = useTileFiling(shot, 'duty_chief', true)
    f.category.value = category
    await f.submit()
    expect(f.created.value?.id).toBe('k1')
    expect(f.problem.value).toMatchObject({ stage: 'evidence', code: 'NETWORK' })
    expect(f.candidates.value).toEqual([])
    await f.submit()
    expect(f.problem.value).toBeNull()
    expect(vi.mocked(reportCameraCase)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(fileCase)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(attachEvidence)).toHaveBeenCalledTimes(2)
    expect(f.evidence.value).toEqual({ id: 'e1' })
  })

  it('retries a failed report under the same Idempotency-Key, so the server answers with one case', async () => {
    vi.mocked(reportCameraCase).mockRejectedValueOnce(new ApiError('NETWORK', 'no answer', 0, '/cases'))
    const f = useTileFiling(shot, 'intake', true)
    f.category.value = category
    await f.submit()
    expect(f.problem.value?.stage).toBe('report')
    await f.submit()
    const keys = vi.mocked(reportCameraCase).mock.calls.map((c) => c[1])
    expect(keys).toHaveLength(2)
    expect(keys[1]).toBe(keys[0])
  })

  it('lets intake file but not dispatch, and leaves a station\'s report 待立案 with no suggestion', async () => {
    const intake = useTileFiling(shot, 'intake', true)
    intake.category.value = category
    await intake.submit()
    expect(intake.created.value?.state).toBe('pending_dispatch')
    expect(intake.candidates.value).toHaveLength(1)
    await intake.dispatch(intake.candidates.value[0]!)
    expect(vi.mocked(dispatchCase)).not.toHaveBeenCalled()

    vi.mocked(fileCase).mockClear()
    vi.mocked(fetchSuggestions).mockClear()
    const station = useTileFiling(shot, 'community_operator', true)
    station.category.value = category
    await station.submit()
    expect(station.created.value?.state).toBe('pending_filing')
    expect(vi.mocked(fileCase)).not.toHaveBeenCalled()
    expect(vi.mocked(fetchSuggestions)).not.toHaveBeenCalled()
  })

  it('sends nothing without a category, and keeps a title the operator typed', async () => {
    const f = useTileFiling(shot, 'duty_chief', true)
    await f.submit()
    expect(vi.mocked(reportCameraCase)).not.toHaveBeenCalled()
    f.title.value = '井盖缺失，车辆绕行'
    f.category.value = category
    expect(f.title.value).toBe('井盖缺失，车辆绕行')
  })

  it('shows the open cases it may repeat where the pin is now, and a failed look as none', async () => {
    const near = [{ case: made('dispatched', 3), distanceM: 12 }]
    vi.mocked(fetchPossibleDuplicates).mockResolvedValueOnce(near as never)
    const f = useTileFiling(shot, 'duty_chief', true)
    f.category.value = category
    await settle()
    expect(vi.mocked(fetchPossibleDuplicates)).toHaveBeenLastCalledWith('C0102', shot.location, expect.any(AbortSignal))
    expect(f.duplicates.value).toEqual(near)
    vi.mocked(fetchPossibleDuplicates).mockRejectedValueOnce(new Error('offline'))
    f.location.value = { lng: 116.84, lat: 40.38 }
    await settle()
    expect(vi.mocked(fetchPossibleDuplicates)).toHaveBeenLastCalledWith('C0102', { lng: 116.84, lat: 40.38 }, expect.any(AbortSignal))
    expect(f.duplicates.value).toEqual([])
  })
})
