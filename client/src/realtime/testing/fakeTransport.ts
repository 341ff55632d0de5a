import type { ClientEventName, ServerEventName } from '@shared/events'
import type { ServerPayload } from '../eventRegistry'
import type { LinkEvent } from '../connectionState'
import type { RealtimeTransport } from '../socket'

export interface FakeRequest {
  name: ClientEventName
  payload: unknown
  answer(ack: unknown): void
  fail(error: Error): void
}

/**
 * An in-memory stand-in for the socket, for unit tests: the test plays the server (connects,
 * drops, pushes events, answers commands) and reads what the client sent.
 */
export class FakeTransport implements RealtimeTransport {
  connected = false
  opened = false
  readonly requests: FakeRequest[] = []
  #link: Array<(event: LinkEvent) => void> = []
  #event: Array<(name: string, payload: unknown) => void> = []

  open(): void {
    this.opened = true
  }

  onLink(listener: (event: LinkEvent) => void): void {
    this.#link.push(listener)
  }

  onEvent(listener: (name: string, payload: unknown) => void): void {
    this.#event.push(listener)
  }

  request(name: ClientEventName, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.requests.push({ name, payload, answer: resolve, fail: reject })
    })
  }

  close(): void {
    this.connected = false
  }

  /** The server accepts the handshake and greets, as the real one does on every connection. */
  connect(lastSeq: number): void {
    this.connected = true
    this.#link.forEach((l) => l({ type: 'connected' }))
    this.emit('server:hello', { serverTime: new Date().toISOString(), lastSeq })
  }

  drop(): void {
    this.connected = false
    this.#link.forEach((l) => l({ type: 'disconnected', willRetry: true }))
  }

  emit<E extends ServerEventName>(name: E, payload: ServerPayload<E>): void {
    this.#event.forEach((l) => l(name, payload))
  }

  /** Sends a raw, unchecked payload (to test parsing). */
  emitRaw(name: string, payload: unknown): void {
    this.#event.forEach((l) => l(name, payload))
  }

  /** The oldest unanswered request, removed from the queue. */
  take(): FakeRequest {
    const next = this.requests.shift()
    if (!next) throw new Error('the client sent no command')
    return next
  }
}
