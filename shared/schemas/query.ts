import { z } from 'zod'

/**
 * A whole number in a query string: digits only, with an optional minus. `z.coerce.number()` would
 * read `0x10` as 16, `1e1` as 10, `" 5"` as 5 and an empty `since=` as 0, so a typo or a probe
 * would be answered as if it meant something; here each is refused with the reason.
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'expected a whole number written in digits (no sign but "-", no spaces, decimals or exponent)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
