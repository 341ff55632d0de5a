import { z } from 'zod'

/** PDF_* and CHROMIUM_PATH: the briefing's PDF, made by the system's Chromium (server/config.ts spreads these in). */
export const pdfEnv = {
  /** The Chromium the server prints with; Debian's package puts it here (`apt-get install chromium`). */
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** Longest a render may take, from launching Chromium to the last byte of the PDF. */
  PDF_TIMEOUT_MS: z.coerce.number({ message: 'expected a number of milliseconds' }).int().min(5000).max(600_000).default(90_000),
}

export interface PdfConfig {
  chromiumPath: string
  timeoutMs: number
}

export const pdfConfigFrom = (c: { CHROMIUM_PATH: string; PDF_TIMEOUT_MS: number }): PdfConfig => ({
  chromiumPath: c.CHROMIUM_PATH,
  timeoutMs: c.PDF_TIMEOUT_MS,
})
