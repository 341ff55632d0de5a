/**
 * The wall's three columns (map | video | cases and charts) as fractions of the width. An
 * operator drags the splitters; the arrangement is kept per wall on this PC.
 */
export interface PanelSizes {
  map: number
  video: number
  side: number
}

export const DEFAULT_PANELS: PanelSizes = { map: 0.34, video: 0.42, side: 0.24 }
/** No column narrower than this: a panel dragged to nothing is a panel lost. */
export const MIN_PANEL = 0.12

const storageKey = (wall: string) => `wall.panels.${wall}`

/** Move the splitter between column `left` and the next one by `delta` (a fraction of the width). */
export function moveSplitter(sizes: PanelSizes, splitter: 'map|video' | 'video|side', delta: number): PanelSizes {
  const [a, b] = splitter === 'map|video' ? (['map', 'video'] as const) : (['video', 'side'] as const)
  const total = sizes[a] + sizes[b]
  const nextA = Math.min(total - MIN_PANEL, Math.max(MIN_PANEL, sizes[a] + delta))
  return { ...sizes, [a]: nextA, [b]: total - nextA }
}

export function parsePanels(raw: string | null): PanelSizes {
  try {
    const v = JSON.parse(raw ?? 'null') as Partial<PanelSizes> | null
    const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= MIN_PANEL && n <= 1
    if (v && ok(v.map) && ok(v.video) && ok(v.side) && Math.abs(v.map! + v.video! + v.side! - 1) < 0.01) return { map: v.map!, video: v.video!, side: v.side! }
  } catch {
    // a damaged entry: fall back to the default
  }
  return { ...DEFAULT_PANELS }
}

export function loadPanels(wall: string, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PanelSizes {
  try {
    return parsePanels(storage?.getItem(storageKey(wall)) ?? null)
  } catch {
    return { ...DEFAULT_PANELS }
  }
}

export function savePanels(wall: string, sizes: PanelSizes, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(storageKey(wall), JSON.stringify(sizes))
  } catch {
    // storage full or disabled: the arrangement lasts until reload
  }
}
