import type { PolygonGeometry } from '@shared/schemas/geo'
import type { Category, ReferenceData } from '@shared/schemas/reference'

/** A tiny hand-made territory for unit tests of the case domain (the demo is far larger). */
const rect = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
})

const category = (code: string, urgent: boolean, name: string): Category => ({
  code,
  kind: code.startsWith('C') ? 'component' : 'event',
  majorCode: code.slice(1, 3),
  majorName: '公用设施',
  name,
  nameEn: name,
  timeLimit: urgent ? { kind: 'urgent_hours', amount: 2 } : { kind: 'working_days', amount: 2 },
  urgent,
  unitId: 'U01',
  filingCondition: '在责任范围内',
  closingCondition: '已修复',
})

/** Street 116.80-116.86 × 40.36-40.40; grid G01 west, G02 middle, and a strip in the east in no grid. */
export const TEST_POINTS = {
  inG01: { lng: 116.81, lat: 40.37 },
  inG02: { lng: 116.84, lat: 40.38 },
  inStreetNoGrid: { lng: 116.855, lat: 40.38 },
  outside: { lng: 116.9, lat: 40.5 },
}

export function testReference(): ReferenceData {
  return {
    street: {
      id: 'S01',
      name: '鼓楼街道',
      nameEn: 'Gulou Street',
      district: '密云区',
      center: { lng: 116.83, lat: 40.38 },
      boundary: rect(116.8, 40.36, 116.86, 40.4),
    },
    communities: [
      { id: 'CM01', name: '东社区', nameEn: 'East', stationName: '东社区服务站', boundary: rect(116.8, 40.36, 116.83, 40.4) },
      { id: 'CM02', name: '西社区', nameEn: 'West', stationName: '西社区服务站', boundary: rect(116.83, 40.36, 116.86, 40.4) },
    ],
    grids: [
      { id: 'G01', code: '01', name: '第一网格', communityId: 'CM01', boundary: rect(116.8, 40.36, 116.83, 40.4) },
      { id: 'G02', code: '02', name: '第二网格', communityId: 'CM02', boundary: rect(116.83, 40.36, 116.85, 40.4) },
    ],
    roads: [],
    markets: [],
    cameras: [],
    workers: [{ id: 'W0001', name: '张伟', gridId: 'G01', role: 'full_time', terminalId: null }],
    teams: [{ id: 'T01', name: '保洁队', communityId: 'CM01', gridIds: ['G01'], speciality: 'cleaning', members: 5 }],
    terminals: [],
    units: [{ id: 'U01', name: '市政所', nameEn: 'Municipal works', kind: 'listed' }],
    categories: [category('C0101', true, '井盖缺失'), category('C0102', false, '井盖破损')],
  }
}
