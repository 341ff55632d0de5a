import { z } from 'zod'

/** Every error the API or a socket ack can answer with, and the HTTP status it travels with. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ROLE_FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** A signed link (e.g. a stream URL) that was genuine but has expired: ask for a new one. */
  LINK_EXPIRED: 410,
  ILLEGAL_TRANSITION: 409,
  VERSION_CONFLICT: 409,
  RETURNED_CASE: 409,
  /** Creating something under a name that is taken (a wall). */
  ALREADY_EXISTS: 409,
  REASON_REQUIRED: 422,
  FIELD_REQUIRED: 422,
  OUTSIDE_STREET: 422,
  UNKNOWN_CATEGORY: 422,
  IDEMPOTENCY_MISMATCH: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  /** The camera's source is not ready yet and said when to ask again (Retry-After); details carry its progress. */
  CAMERA_PREPARING: 503,
  /** The relay refused or could not read a camera's upstream (refusals are logged, never detailed). */
  UPSTREAM_FAILED: 502,
  UPSTREAM_TIMEOUT: 504,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof ERROR_STATUS
export const ErrorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]])

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

/** The one envelope of every socket acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string }
