import { BEIJING_OFFSET_MS } from '@shared/rules/beijingTime'

/** What the server burns into the evidence copy: when, where and who, in words a checker reads. */
export interface WatermarkFacts {
  photoId: string
  /** UTC ISO instants; the capture time is null when the photo carries none. */
  capturedAt: string | null
  uploadedAt: string
  gridName: string | null
  workerName: string
}

/** `2024-05-01 08:30:00`, on Beijing's clock whatever the host's zone is. */
export function beijingClock(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The watermark's lines, top to bottom; all times are Beijing time, and the first line says so. */
export function watermarkLines(facts: WatermarkFacts): string[] {
  const captured = facts.capturedAt ? beijingClock(facts.capturedAt) : '无记录'
  return [
    `拍摄 ${captured} · 上传 ${beijingClock(facts.uploadedAt)}（北京时间）`,
    `网格 ${facts.gridName ?? '未知'} · 人员 ${facts.workerName}`,
    `编号 ${facts.photoId}`,
  ]
}

/**
 * The dark band along the image's bottom carrying the lines, as an SVG only as tall as the band
 * (librsvg then draws a strip, not a canvas the size of the photo); `top` is where it goes. The
 * fonts are the host's (fonts-noto-cjk), found by fontconfig through librsvg: nothing is fetched,
 * and a host without a CJK font would print boxes, which the deployment notes require against.
 */
export function watermarkBand(width: number, height: number, facts: WatermarkFacts): { svg: Buffer; top: number } {
  const lines = watermarkLines(facts)
  const fontPx = Math.max(10, Math.min(36, Math.round(width / 48)))
  const lineHeight = Math.round(fontPx * 1.4)
  const band = Math.min(height, lineHeight * lines.length + Math.round(fontPx * 0.8))
  const text = lines
    .map((line, i) => `<text x="${Math.round(fontPx * 0.6)}" y="${Math.round(fontPx * 0.4) + lineHeight * (i + 1) - Math.round(fontPx * 0.35)}">${escapeXml(line)}</text>`)
    .join('')
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${band}">` +
      `<rect x="0" y="0" width="${width}" height="${band}" fill="#000" fill-opacity="0.55"/>` +
      `<g font-family="Noto Sans CJK SC, Noto Sans CJK, sans-serif" font-size="${fontPx}" fill="#fff">${text}</g>` +
      `</svg>`,
  )
  return { svg, top: height - band }
}
