import { z } from 'zod'

/** A whole number of `unit` between min and max, read from an environment variable's text. */
export const wholeNumber = (unit: string, min: number, max: number) =>
  z.coerce
    .number({ message: `expected a number of ${unit}` })
    .int(`expected a whole number of ${unit}`)
    .min(min, `expected at least ${min} ${unit}`)
    .max(max, `expected at most ${max} ${unit}`)
