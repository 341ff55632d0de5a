import type { FleetCamera } from './cameraLook'
import type { Rendition } from './clipStore'
import { filter } from './filterGraph'
import type { OsdFont } from './osdFont'

/**
 * The on-screen display a real street camera burns in (Hikvision-style): the camera's name top
 * left, the clock top right, the channel id bottom right, white with a dark outline.
 *
 * The clock, and why it shows only seconds. A clip is encoded once and then replayed for ever,
 * so no pixel in it can know the hour or the minute it will be shown at. What it can know is its
 * second: the origin numbers segments from the Unix epoch (segment n starts at n × 2 s) and plays
 * loop position n mod (loop / 2), so with a loop that lasts a whole number of minutes, loop time t
 * is always shown at a wall-clock time whose seconds equal t mod 60. The OSD therefore shows the
 * true seconds, the same instant as the segment's EXT-X-PROGRAM-DATE-TIME, and dashes where the
 * hour and minute would be, under a 演示 (demo) label: nothing on screen claims a time it cannot
 * know, freezes and latency are still visible to the eye, and the authoritative time stays in the
 * playlist where the wall reads it. A loop that is not a whole number of minutes (tests use 4 s)
 * cannot keep even the seconds true, so it shows a loop timecode instead.
 */
export interface OsdTexts {
  name: string
  clock: string
  tag: string
}

export function osdTexts(camera: FleetCamera, font: OsdFont, loopSeconds: number): OsdTexts {
  const two = (expr: string) => `%{eif:${expr}:d:2}`
  const clock =
    loopSeconds % 60 === 0
      ? `${font.cjk ? '演示' : 'DEMO'} --:--:${two('mod(floor(t),60)')}`
      : `${font.cjk ? '循环' : 'LOOP'} ${two('floor(t/60)')}:${two('mod(floor(t),60)')}`
  return { name: font.cjk ? camera.name : camera.id, clock, tag: camera.id }
}

/** drawtext filters for one rendition; the texts come from files so nothing needs escaping. */
export function osdFilters(fontFile: string | null, files: OsdTexts, r: Rendition): string[] {
  if (!fontFile) return []
  const size = Math.round(r.height / 22)
  const margin = Math.round(r.height * 0.03)
  const common = { fontfile: fontFile, fontcolor: 'white', bordercolor: '0x000000@0.8', borderw: Math.max(1, Math.round(size / 14)) }
  return [
    filter('drawtext', { ...common, textfile: files.name, expansion: 'none', fontsize: size, x: margin, y: margin }),
    filter('drawtext', { ...common, textfile: files.clock, expansion: 'normal', fontsize: size, x: `w-tw-${margin}`, y: margin }),
    filter('drawtext', { ...common, textfile: files.tag, expansion: 'none', fontsize: Math.round(size * 0.75), x: `w-tw-${margin}`, y: `h-th-${margin}` }),
  ]
}
