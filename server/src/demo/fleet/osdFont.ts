import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

export interface OsdFont {
  /** A font file drawtext can open, or null when the machine has none at all. */
  file: string | null
  /** Whether it has Chinese glyphs; without them the on-screen display falls back to ASCII. */
  cjk: boolean
}

const KNOWN_CJK = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
]
const KNOWN_LATIN = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf']

/** Ask fontconfig; a missing fc-* tool or an empty answer just means "not found". */
function fontconfig(tool: string, args: string[]): string[] {
  const r = spawnSync(tool, args, { encoding: 'utf8', timeout: 5000 })
  if (r.status !== 0 || !r.stdout) return []
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && fs.existsSync(l))
}

/**
 * The font for the cameras' on-screen display: Noto Sans CJK SC if fontconfig knows it, else any
 * font covering simplified Chinese, else the usual install paths, else any sans font (ASCII OSD).
 * Resolved here, once, so ffmpeg never has to scan fonts itself (its fontconfig scan takes seconds).
 */
export function findOsdFont(): OsdFont {
  const preferred = fontconfig('fc-match', ['-f', '%{file}', 'Noto Sans CJK SC:lang=zh-cn'])[0]
  if (preferred && /cjk|wqy|uming|ukai|hei|song|kai/i.test(preferred)) return { file: preferred, cjk: true }
  const anyZh = fontconfig('fc-list', ['-f', '%{file}\n', ':lang=zh-cn']).sort((a, b) => rank(a) - rank(b))[0]
  if (anyZh) return { file: anyZh, cjk: true }
  const known = KNOWN_CJK.find((p) => fs.existsSync(p))
  if (known) return { file: known, cjk: true }
  const latin = fontconfig('fc-match', ['-f', '%{file}', 'sans'])[0] ?? KNOWN_LATIN.find((p) => fs.existsSync(p))
  return { file: latin ?? null, cjk: false }
}

/** Sans before serif, regular before bold. */
const rank = (file: string) => (/serif|song|ming/i.test(file) ? 2 : 0) + (/bold|black|heavy/i.test(file) ? 1 : 0)
