import { describe, expect, it } from 'vitest'
import type { WorkerPosition } from '@shared/schemas/position'
import { workerFeatures, workerLayerSpec, WORKER_LAYER_ID, WORKER_SOURCE_ID } from './workerLayer'
import { fixAgeText, workerPopupModel } from './workerPopup'

const NOW = Date.parse('2026-11-02T08:00:00Z')
const position = (over: Partial<WorkerPosition> = {}): WorkerPosition => ({
  workerId: 'W0001',
  name: '张网格',
  gridId: 'G01',
  terminalId: 'T001',
  location: { lng: 116.85, lat: 40.37 },
  accuracyM: 8,
  at: new Date(NOW - 3 * 60_000).toISOString(),
  onDuty: true,
  task: null,
  ...over,
})

describe('the worker markers', () => {
  it('draws one point per worker, greyed once the fix is older than 5 minutes', () => {
    const fresh = position()
    const stale = position({ workerId: 'W0002', at: new Date(NOW - 5 * 60_000 - 1).toISOString() })
    const features = workerFeatures([fresh, stale], NOW)
    expect(features.map((f) => f.properties)).toEqual([
      { id: 'W0001', stale: false },
      { id: 'W0002', stale: true },
    ])
    expect(features[0]!.geometry.coordinates).toEqual([116.85, 40.37])
  })

  it('is a circle layer of its own source, sized with the wall scale', () => {
    const spec = workerLayerSpec(2)
    expect(spec).toMatchObject({ id: WORKER_LAYER_ID, type: 'circle', source: WORKER_SOURCE_ID })
    expect(JSON.stringify(workerLayerSpec(1))).not.toBe(JSON.stringify(spec))
  })
})

describe('the worker popup', () => {
  it('says how old the fix is in Chinese, and in English', () => {
    expect(fixAgeText(20_000, 'zh-CN')).toBe('刚刚')
    expect(fixAgeText(3 * 60_000 + 5_000, 'zh-CN')).toBe('3 分钟前')
    expect(fixAgeText(2 * 3600_000 + 60_000, 'zh-CN')).toBe('2 小时前')
    expect(fixAgeText(3 * 60_000, 'en')).toBe('3 min ago')
  })

  it('names the worker, the grid by its name, the age and the current task', () => {
    const model = workerPopupModel(position({ task: { caseId: 'c1', code: 'GL20261102-0007', title: '井盖破损' } }), '鼓楼东第一网格', NOW, 'zh-CN')
    expect(model).toEqual({ workerId: 'W0001', name: '张网格', grid: '鼓楼东第一网格', age: '3 分钟前', stale: false, task: 'GL20261102-0007 · 井盖破损' })
    const idle = workerPopupModel(position({ at: new Date(NOW - 6 * 60_000).toISOString() }), null, NOW, 'zh-CN')
    expect(idle).toMatchObject({ grid: 'G01', stale: true, task: '无' })
  })
})
