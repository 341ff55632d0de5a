import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import type { StyleSpecification } from 'maplibre-gl'
import { describe, expect, it } from 'vitest'
import { wallMapData } from '../../testing/referenceFixtures'
import { buildLiveSources, LIVE_LAYER_IDS } from './liveLayers'
import { featureBounds, labelAnchor, pointInPolygon } from './mapGeometry'
import { LAYER_IDS, SOURCE_IDS, buildBaseStyle, buildSourceData, buildSources, type WallMapData, type WallStyleOptions } from './mapStyle'
import { buildWallLayers } from './wallLayers'
import { MAP_COLORS } from './mapTheme'

const empty: WallMapData = { street: null, communities: null, grids: null, roads: null, markets: null, cameras: null }

function composed(options: WallStyleOptions = { scale: 1, locale: 'zh-CN', hasBaseMap: false }, data = wallMapData): StyleSpecification {
  const base = buildBaseStyle()
  return { ...base, sources: { ...buildSources(data), ...buildLiveSources(options.scale) }, layers: [...base.layers, ...buildWallLayers(options)] }
}

describe('the wall style', () => {
  it('is a valid MapLibre style in every language, scale and base-map combination', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const scale of [1, 2]) {
        for (const hasBaseMap of [false, true]) {
          expect(validateStyleMin(composed({ scale, locale, hasBaseMap })), `${locale} ×${scale} base=${hasBaseMap}`).toEqual([])
        }
      }
    }
  })

  it('never asks the network for glyphs or sprites, so the offline wall can draw its labels', () => {
    const style = composed()
    expect(style).not.toHaveProperty('glyphs')
    expect(style).not.toHaveProperty('sprite')
    const symbolFonts = style.layers.filter((l) => l.type === 'symbol').map((l) => l.layout?.['text-font'])
    expect(symbolFonts.length).toBeGreaterThan(0)
    for (const fonts of symbolFonts) expect(fonts).toContain('Noto Sans CJK SC')
  })

  it('draws the areas under the lines, the cameras over the roads, and labels on top', () => {
    const ids = buildWallLayers({ scale: 1, locale: 'zh-CN', hasBaseMap: false }).map((l) => l.id)
    const at = (id: string) => ids.indexOf(id)
    expect(at(LAYER_IDS.gridFill)).toBeLessThan(at(LAYER_IDS.gridLine))
    expect(at(LAYER_IDS.roadLine)).toBeLessThan(at(LAYER_IDS.cameras))
    expect(at(LAYER_IDS.cameras)).toBeLessThan(at(LAYER_IDS.communityLabel))
    expect(ids).not.toContain(LAYER_IDS.mask)
  })

  it('shades grid load over the grid fill but under every line, and draws cases over everything', () => {
    const ids = buildWallLayers({ scale: 1, locale: 'zh-CN', hasBaseMap: false }).map((l) => l.id)
    const at = (id: string) => ids.indexOf(id)
    expect(at(LAYER_IDS.gridFill)).toBeLessThan(at(LIVE_LAYER_IDS.gridLoad))
    expect(at(LIVE_LAYER_IDS.gridOverdue)).toBeLessThan(at(LAYER_IDS.gridLine))
    expect(at(LIVE_LAYER_IDS.gridOverdue)).toBeLessThan(at(LAYER_IDS.communityLine))
    expect(at(LAYER_IDS.communityLabel)).toBeLessThan(at(LIVE_LAYER_IDS.pulse))
    expect(at(LIVE_LAYER_IDS.pulse)).toBeLessThan(at(LIVE_LAYER_IDS.cases))
    expect(ids.at(-1)).toBe(LIVE_LAYER_IDS.cases)
  })

  it('draws camera dots and case clusters under every name, so the community names read over them', () => {
    const ids = buildWallLayers({ scale: 1, locale: 'zh-CN', hasBaseMap: false }).map((l) => l.id)
    const at = (id: string) => ids.indexOf(id)
    const names = [LAYER_IDS.gridLabel, LAYER_IDS.laneLabel, LAYER_IDS.roadLabel, LAYER_IDS.communityLabel, LAYER_IDS.marketLabel].map(at)
    for (const under of [LAYER_IDS.cameras, LIVE_LAYER_IDS.clusters, LIVE_LAYER_IDS.clusterCount]) {
      expect(at(under), under).toBeGreaterThanOrEqual(0)
      expect(at(under), under).toBeLessThan(Math.min(...names))
    }
  })

  it('draws the cameras small and faint over the whole street and full size close up, on any wall size', () => {
    for (const scale of [1, 2]) {
      const cameras = buildWallLayers({ scale, locale: 'zh-CN', hasBaseMap: false }).find((l) => l.id === LAYER_IDS.cameras)
      const paint = cameras?.type === 'circle' ? cameras.paint : undefined
      const radius = paint?.['circle-radius'] as unknown[]
      // ['interpolate', ['linear'], ['zoom'], zoom, size, zoom, size, ...]
      const stops = radius.slice(3) as number[]
      const bias = Math.log2(scale)
      const at = (zoom: number) => stops[stops.findIndex((v, i) => i % 2 === 0 && Math.abs(v - (zoom + bias)) < 0.01) + 1]
      expect(at(13.8)).toBeLessThanOrEqual(2 * scale)
      expect(at(17)).toBeGreaterThanOrEqual(6 * scale)
    }
  })

  it('dims the world outside the street only when a base map lies underneath', () => {
    const layers = buildWallLayers({ scale: 1, locale: 'zh-CN', hasBaseMap: true })
    expect(layers[0]?.id).toBe(LAYER_IDS.mask)
  })

  it('colours cameras by status, unknown for anything else', () => {
    const cameras = buildWallLayers({ scale: 1, locale: 'zh-CN', hasBaseMap: false }).find((l) => l.id === LAYER_IDS.cameras)
    expect(cameras?.type).toBe('circle')
    const color = cameras?.type === 'circle' ? cameras.paint?.['circle-color'] : undefined
    expect(color).toEqual([
      'match',
      ['get', 'status'],
      'online',
      MAP_COLORS.camera.online,
      'offline',
      MAP_COLORS.camera.offline,
      'stalled',
      MAP_COLORS.camera.stalled,
      MAP_COLORS.camera.unknown,
    ])
  })

  it('labels communities in Chinese, and in English with the Chinese name under it', () => {
    const label = (locale: 'zh-CN' | 'en') =>
      buildWallLayers({ scale: 1, locale, hasBaseMap: false }).find((l) => l.id === LAYER_IDS.communityLabel)?.layout as Record<string, unknown>
    expect(label('zh-CN')['text-field']).toEqual(['get', 'name'])
    expect(JSON.stringify(label('en')['text-field'])).toContain('"nameEn"')
    expect(JSON.stringify(label('en')['text-field'])).toContain('"name"')
  })

  it('scales sizes and shifts zoom stops so a 4K wall shows the same picture as 1080p', () => {
    const layer = (scale: number) => buildWallLayers({ scale, locale: 'zh-CN', hasBaseMap: false }).find((l) => l.id === LAYER_IDS.gridLabel)
    expect(layer(2)?.minzoom).toBeCloseTo((layer(1)?.minzoom ?? 0) + 1)
    const size = (scale: number) => (layer(scale)?.layout as Record<string, unknown>)['text-size'] as unknown[]
    // ['interpolate', ['linear'], ['zoom'], z0, s0, z1, s1, …]
    expect(size(2)[3]).toBeCloseTo((size(1)[3] as number) + 1)
    expect(size(2)[4]).toBeCloseTo((size(1)[4] as number) * 2)
  })
})

describe('the source data', () => {
  it('promotes each feature id property to the feature id', () => {
    for (const source of Object.values(buildSources(wallMapData))) expect(source.promoteId).toBe('id')
  })

  it('has one feature per grid, community label, market and camera', () => {
    const data = buildSourceData(wallMapData)
    expect(data[SOURCE_IDS.grids].features.map((f) => f.id)).toEqual(['g01', 'g02', 'g03'])
    expect(data[SOURCE_IDS.gridLabels].features).toHaveLength(3)
    expect(data[SOURCE_IDS.communityLabels].features.map((f) => f.geometry.type)).toEqual(['Point', 'Point'])
    expect(data[SOURCE_IDS.markets].features).toHaveLength(1)
    expect(data[SOURCE_IDS.cameras].features.map((f) => f.properties)).toEqual([
      { id: 'cam1', name: '探头cam1', status: 'online', gridId: 'g01', site: 'road' },
      { id: 'cam2', name: '探头cam2', status: 'offline', gridId: 'g02', site: 'road' },
      { id: 'cam3', name: '探头cam3', status: 'unknown', gridId: 'g03', site: 'road' },
    ])
  })

  it('gives grids of one community the same tone', () => {
    const tones = buildSourceData(wallMapData)[SOURCE_IDS.grids].features.map((f) => f.properties?.['tone'])
    expect(tones).toEqual([0, 1, 1])
  })

  it('is empty, not missing, for data that has not arrived', () => {
    const data = buildSourceData(empty)
    for (const id of Object.values(SOURCE_IDS)) expect(data[id]).toEqual({ type: 'FeatureCollection', features: [] })
  })
})

describe('map geometry', () => {
  it('finds the bounds of the street', () => {
    expect(featureBounds(wallMapData.street!)).toEqual([
      [116.8, 40.36],
      [116.88, 40.4],
    ])
    expect(featureBounds({ type: 'FeatureCollection', features: [] })).toBeNull()
  })

  it('anchors a label inside an L-shaped area, where the centroid falls outside', () => {
    const ell = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 1],
          [1, 1],
          [1, 10],
          [0, 10],
          [0, 0],
        ],
      ],
    }
    const anchor = labelAnchor(ell)
    expect(pointInPolygon(anchor, ell)).toBe(true)
  })

  it('anchors a square at its centre', () => {
    const sq = { type: 'Polygon' as const, coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }
    expect(labelAnchor(sq)).toEqual([2, 1])
  })
})
