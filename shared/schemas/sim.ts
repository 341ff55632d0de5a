import { z } from 'zod'

/** The `sim:progress` push while the demo simulation back-fills its history on first start. */
export const SimProgress = z.object({
  phase: z.enum(['backfill', 'live']),
  /** 0-100 */
  percent: z.number().min(0).max(100),
  casesDone: z.number().int().min(0),
  casesTotal: z.number().int().min(0),
  /** Simulated day being written, YYYY-MM-DD. */
  day: z.string().nullable(),
})
export type SimProgress = z.infer<typeof SimProgress>
