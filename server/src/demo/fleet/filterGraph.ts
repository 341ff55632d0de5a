/**
 * Writing values into an ffmpeg filter graph safely. A value passes two parsers: the filter's
 * option parser (where `:`, `'` and `\` are special) and the graph parser (where `[ ] , ;`,
 * `'` and `\` are). Each level gets its own backslash escaping, innermost first, as the ffmpeg
 * filter documentation ("Notes on filtergraph escaping") describes. No shell is involved: ffmpeg
 * is always spawned with an argument array.
 */
export function filterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`)
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`)
}

/** `name=key=value:key=value` with every value escaped. */
export function filter(name: string, options: Record<string, string | number | undefined>): string {
  const args = Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(v) : filterValue(v!)}`)
  return args.length ? `${name}=${args.join(':')}` : name
}

/** `#rrggbb` (+ opacity) in the `0xRRGGBB@a` form drawbox, drawtext and color accept. */
export function ffColor(hex: string, opacity = 1): string {
  const body = `0x${hex.slice(1)}`
  return opacity >= 1 ? body : `${body}@${Math.max(0, opacity).toFixed(2)}`
}
