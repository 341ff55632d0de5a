import pino, { type Logger } from 'pino'

export type { Logger }

/** Structured logs for the duty engineer; credentials and phone numbers are redacted at the source. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gulou-wall' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          '*.password',
          '*.reporterPhone',
          '*.phone',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  )
}
