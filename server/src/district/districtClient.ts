import { type DistrictMessage, Receipt, type StreetFigures } from '@shared/schemas/district'
import { KpiReport } from '@shared/schemas/kpi'
import type { StreetLink } from './districtConfig'

/** Where the other instance answers and the integration token it gave this one. */
export interface PeerAddress {
  url: string
  token: string
}

export type SendOutcome = { ok: true; receipt: Receipt } | { ok: false; error: string }

/** The HTTP calls to the other level; each is bounded by a timeout and never throws. */
export interface DistrictClient {
  send(peer: PeerAddress, message: DistrictMessage): Promise<SendOutcome>
  streetFigures(street: StreetLink): Promise<StreetFigures>
}

/** Words for the duty engineer: what went wrong, never the token nor the body. */
function describeFailure(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string } }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time'
  return e.cause?.code ? `network: ${e.cause.code}` : `network: ${e.message ?? 'failed'}`
}

async function errorOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '')
  const message = /"message":"([^"]{0,200})/.exec(text)?.[1]
  return `HTTP ${res.status}${message ? `: ${message}` : ''}`
}

export function createDistrictClient(options: { sendTimeoutMs: number; figuresTimeoutMs: number }): DistrictClient {
  return {
    async send(peer, message) {
      try {
        const res = await fetch(`${peer.url}/api/v1/district/inbox`, {
          method: 'POST',
          headers: { authorization: `Bearer ${peer.token}`, 'content-type': 'application/json', 'idempotency-key': message.id },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(options.sendTimeoutMs),
        })
        if (!res.ok) return { ok: false, error: await errorOf(res) }
        const receipt = Receipt.safeParse(await res.json())
        if (!receipt.success || receipt.data.messageId !== message.id) return { ok: false, error: 'the answer was not a receipt for this message' }
        return { ok: true, receipt: receipt.data }
      } catch (err) {
        return { ok: false, error: describeFailure(err) }
      }
    },
    async streetFigures(street) {
      const down = (error: string): StreetFigures => ({ id: street.id, name: street.name, status: 'unreachable', error })
      try {
        const res = await fetch(`${street.url}/api/v1/kpi`, {
          headers: { authorization: `Bearer ${street.token}` },
          signal: AbortSignal.timeout(options.figuresTimeoutMs),
        })
        if (!res.ok) return down(await errorOf(res))
        const report = KpiReport.safeParse(await res.json())
        if (!report.success) return down('the answer was not a KPI report')
        const { from, to, asOf, total } = report.data
        return { id: street.id, name: street.name, status: 'ok', from, to, asOf, figures: total }
      } catch (err) {
        return down(describeFailure(err))
      }
    },
  }
}
