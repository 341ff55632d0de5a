import type { CameraStatus } from '../../api/reference'
import type { RoadKind } from '@shared/schemas/reference'

/**
 * Colours of the map, shared by the style and the legend so the two cannot drift. Chosen for a dark
 * LED wall seen from 4 m: a deep navy ground, cyan/teal structure lines, amber for roads and markets,
 * and camera states that differ in hue and lightness (red/amber/green/grey stay apart for the common
 * red-green colour deficiency because they also differ in lightness).
 */
export const MAP_COLORS = {
  background: '#050b1a',
  outsideMask: 'rgba(2, 5, 14, 0.78)',
  street: '#38e1ff',
  streetGlow: 'rgba(56, 225, 255, 0.28)',
  community: '#8fd8ff',
  grid: '#22c5b4',
  gridTones: ['#0c2c44', '#0e3a4c', '#0b3440', '#122f52', '#0d3f48'],
  roadCasing: '#02060f',
  road: { main: '#fbbf24', secondary: '#d19a3a', lane: '#7b8ba3' } satisfies Record<RoadKind, string>,
  market: '#fb923c',
  marketRing: '#fff7ed',
  camera: { online: '#4ade80', offline: '#f43f5e', stalled: '#fbbf24', preparing: '#38bdf8', unknown: '#94a3b8' } satisfies Record<CameraStatus, string>,
  cameraStroke: '#020617',
  /**
   * Cases by the step they wait at. Kept apart from the camera hues (green/amber/red/grey): the
   * outline, not the fill, says overdue (red) or at risk (amber), as on the case feed.
   */
  case: {
    intake: '#f0abfc',
    dispatch: '#818cf8',
    handling: '#38bdf8',
    suspended: '#64748b',
    check: '#e2e8f0',
    overdue: '#ff3b3b',
    atRisk: '#fbbf24',
    stroke: '#020617',
    pulseUrgent: '#ff2d55',
    pulseNew: '#7dd3fc',
  },
  cluster: ['#0e7490', '#4338ca', '#a21caf'],
  clusterText: '#f8fafc',
  /** Grid load, one colour per step of LOAD_STEPS: cool when light, hot when heavy. */
  load: ['#14707e', '#2a9d7a', '#c2a12b', '#df6a1e', '#e0263f'],
  gridOverdue: '#ff4d4f',
  labelCommunity: '#e6f6ff',
  labelGrid: '#7ff3e4',
  labelRoad: '#fde7a8',
  labelMarket: '#ffd2a8',
  halo: 'rgba(3, 8, 20, 0.92)',
} as const

/**
 * Open cases in a grid at which each load colour starts: 1-2, 3-5, 6-9, 10-14, 15 and more. Fixed
 * steps rather than quantiles, so a colour means the same count tomorrow and in the legend.
 */
export const LOAD_STEPS = [1, 3, 6, 10, 15] as const

/**
 * Local font names for labels. The style has no `glyphs` URL, so MapLibre draws text with these
 * installed fonts (TinySDF) instead of downloading glyph ranges; the wall works offline.
 */
export const LABEL_FONTS = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Source Han Sans SC', 'sans-serif']
/** MapLibre reads the weight from the first name of the stack. */
export const LABEL_FONTS_BOLD = ['Noto Sans CJK SC Bold', ...LABEL_FONTS]
/**
 * English labels start with Latin fonts: CJK fonts set punctuation such as the ’ in "Chang’an" full
 * width. Chinese text in the same label falls through to the CJK fonts further down the stack.
 */
export const LABEL_FONTS_LATIN_BOLD = ['Noto Sans Bold', 'Segoe UI', 'Helvetica Neue', 'Liberation Sans', 'Arial', ...LABEL_FONTS]
