import { z } from 'zod'
import { Id } from '@shared/schemas/reference'

const HttpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''))
const Token = z.string().min(16, 'a token is at least 16 characters').max(512)

/** One street a district links: where it answers, and the integration token that street gave the district. */
export const StreetLink = z.strictObject({ id: Id, name: z.string().min(1).max(100), url: HttpUrl, token: Token })
export type StreetLink = z.infer<typeof StreetLink>

/**
 * DISTRICT_URL + DISTRICT_TOKEN (on a street: its district and the token the district gave it);
 * STREETS (on a district: a JSON array of `{ id, name, url, token }`). Either, both or neither.
 */
export const districtEnv = {
  DISTRICT_URL: HttpUrl.optional(),
  DISTRICT_TOKEN: Token.optional(),
  STREETS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON array of {"id","name","url","token"}' })
        return z.NEVER
      }
    })
    .pipe(z.array(StreetLink).refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'street ids must differ'))
    .optional(),
}

/** Variables whose values are credentials: a rejected one is never echoed. */
export const DISTRICT_SECRET_KEYS = ['DISTRICT_TOKEN', 'STREETS'] as const

/** The peers of this instance; app.ts reads them on every send, so a test may link two apps after both listen. */
export interface DistrictLinks {
  /** Where this street's district answers, with the token the district gave it; null on a district or a lone street. */
  upstream: { url: string; token: string } | null
  streets: StreetLink[]
}

type DistrictEnv = { DISTRICT_URL?: string | undefined; DISTRICT_TOKEN?: string | undefined; STREETS?: StreetLink[] | undefined }

/** A half-configured link would queue escalations that can never leave: refuse it at start-up. */
export function districtEnvProblem(c: DistrictEnv): string | null {
  if (Boolean(c.DISTRICT_URL) === Boolean(c.DISTRICT_TOKEN)) return null
  return 'DISTRICT_URL and DISTRICT_TOKEN go together: set both (the district and the token it gave this street) or neither'
}

export function districtConfigFrom(c: DistrictEnv): DistrictLinks {
  return {
    upstream: c.DISTRICT_URL && c.DISTRICT_TOKEN ? { url: c.DISTRICT_URL, token: c.DISTRICT_TOKEN } : null,
    streets: c.STREETS ?? [],
  }
}
