import { interiorPoint, toLngLat } from '../../shared/geometry'
import type { TestServer } from './server'

/**
 * Every registry worker holding a terminal reports a fresh fix at their grid (issue 16), so the
 * suggestion sees them on duty, as a center's handsets would. A fix is fresh for 5 minutes:
 * call it again before each step that needs them on duty.
 */
export async function putTerminalWorkersOnDuty(server: TestServer, integrationToken: string): Promise<number> {
  const reference = server.wall.reference
  const points = new Map(reference.grids().map((g) => [g.id, toLngLat(interiorPoint(g.boundary))]))
  let cursor: string | null = null
  let sent = 0
  do {
    const page = reference.workers({ cursor, limit: 500 })
    for (const w of page.items.filter((x) => x.terminalId !== null)) {
      const res = await fetch(`${server.url}/api/v1/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${integrationToken}`, 'x-on-behalf-of': `grid_worker/${w.id}`, 'content-type': 'application/json' },
        body: JSON.stringify({ location: points.get(w.gridId), accuracyM: 10, at: new Date().toISOString() }),
      })
      if (res.status !== 201) throw new Error(`a fix for ${w.id} was refused: ${res.status} ${await res.text()}`)
      sent++
    }
    cursor = page.nextCursor
  } while (cursor)
  return sent
}
