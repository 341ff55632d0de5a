import { Health, MapConfig } from '@shared/schemas/api'
import type { ApiRouter } from '../http/apiRouter'
import type { ReferenceRepository } from '../reference/referenceRepository'

export function registerHealthRoutes(api: ApiRouter, deps: { reference: ReferenceRepository; version: string; startedAt: number; mapStyleUrl: string | null }): void {
  api.add({
    method: 'get',
    path: '/health',
    tag: 'system',
    permission: 'public',
    summary: 'Liveness and what the store holds',
    response: Health,
    handler: () => ({
      status: deps.reference.isEmpty() ? ('starting' as const) : ('ok' as const),
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      reference: deps.reference.counts(),
    }),
  })
  api.add({
    method: 'get',
    path: '/map/config',
    tag: 'system',
    permission: 'reference:read',
    summary: 'Base map style: null means the built-in offline style',
    response: MapConfig,
    handler: () => ({ styleUrl: deps.mapStyleUrl }),
  })
}
