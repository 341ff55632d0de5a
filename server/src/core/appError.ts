import type { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '@shared/errors'

/**
 * The one error every layer throws: a code from the shared contract, a message for the person
 * who caused it, and the HTTP status that code stands for. HTTP and socket adapters turn it into
 * their own answers; domain code never needs to know which one it runs under.
 */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export const createError = (code: ErrorCode, message: string, details?: unknown) => new AppError(code, message, details)

/** Turn zod issues into one readable sentence naming each field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ')
}

/** Parse untrusted input; a failure becomes a 4xx naming the field and the problem. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: 'body' | 'query' | 'params' | 'payload',
  code: ErrorCode = 'VALIDATION_FAILED',
): z.infer<S> {
  const parsed = schema.safeParse(data)
  if (!parsed.success) throw createError(code, `invalid ${where}: ${describeIssues(parsed.error)}`)
  return parsed.data
}
