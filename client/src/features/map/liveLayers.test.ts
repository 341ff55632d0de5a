import { describe, expect, it } from 'vitest'
import { buildLiveSources, caseClusterLayers, caseMarkerLayers, clusterOptions, gridLoadLayers, LIVE_LAYER_IDS, LIVE_SOURCE_IDS, PULSE_PERIOD_MS, pulseFrame } from './liveLayers'
import { LOAD_STEPS, MAP_COLORS } from './mapTheme'

describe('the live layers', () => {
  it('clusters the cases, keeps their ids for diffs, and counts urgent and overdue cases per cluster', () => {
    const source = buildLiveSources(1)[LIVE_SOURCE_IDS.cases]
    expect(source).toMatchObject({ type: 'geojson', promoteId: 'id', cluster: true, clusterMaxZoom: 14, clusterRadius: 40 })
    expect(Object.keys(source.clusterProperties as object)).toEqual(['urgent', 'overdue'])
    expect(buildLiveSources(1)[LIVE_SOURCE_IDS.pulse]).not.toHaveProperty('cluster')
  })

  it('groups the same area on a 4K wall as on 1080p', () => {
    expect(clusterOptions(2)).toEqual({ clusterMaxZoom: 15, clusterRadius: 80 })
  })

  it('draws nothing over a grid without open cases, and steps the colour at the legend steps', () => {
    const [fill] = gridLoadLayers('wall-grids', 1)
    expect(fill?.id).toBe(LIVE_LAYER_IDS.gridLoad)
    const paint = fill?.type === 'fill' ? fill.paint : undefined
    expect(paint?.['fill-opacity']).toEqual(['case', ['>=', ['coalesce', ['feature-state', 'open'], 0], 1], 0.5, 0])
    const color = paint?.['fill-color'] as unknown[]
    expect(color.slice(2)).toEqual([MAP_COLORS.load[0], LOAD_STEPS[1], MAP_COLORS.load[1], LOAD_STEPS[2], MAP_COLORS.load[2], LOAD_STEPS[3], MAP_COLORS.load[3], LOAD_STEPS[4], MAP_COLORS.load[4]])
  })

  it('outlines overdue cases red and at-risk ones amber, and keeps clusters apart from single markers', () => {
    const layers = [...caseClusterLayers(1), ...caseMarkerLayers(1)]
    const points = layers.find((l) => l.id === LIVE_LAYER_IDS.cases)
    const stroke = points?.type === 'circle' ? points.paint?.['circle-stroke-color'] : undefined
    expect(stroke).toEqual(['case', ['get', 'overdue'], MAP_COLORS.case.overdue, ['get', 'atRisk'], MAP_COLORS.case.atRisk, MAP_COLORS.case.stroke])
    expect(points?.type === 'circle' ? points.filter : null).toEqual(['!', ['has', 'point_count']])
    const clusters = layers.find((l) => l.id === LIVE_LAYER_IDS.clusters)
    expect(clusters?.type === 'circle' ? clusters.filter : null).toEqual(['has', 'point_count'])
  })

  it('pulses outward and fades, the same every period', () => {
    const start = pulseFrame(0, 1)
    const late = pulseFrame(PULSE_PERIOD_MS * 0.9, 1)
    expect(late.radius).toBeGreaterThan(start.radius)
    expect(late.opacity).toBeLessThan(start.opacity)
    expect(pulseFrame(PULSE_PERIOD_MS * 3 + 200, 1)).toEqual(pulseFrame(200, 1))
    expect(pulseFrame(0, 2).radius).toBeCloseTo(start.radius * 2)
  })
})
