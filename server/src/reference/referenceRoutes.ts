import { z } from 'zod'
import {
  CameraList,
  CategoryList,
  CommunityCollection,
  GridCollection,
  MarketList,
  RoadCollection,
  StreetCollection,
  TeamList,
  UnitList,
  WorkerPage,
  type CameraStatus,
} from '@shared/schemas/api'
import { queryInt } from '@shared/schemas/query'
import { Id } from '@shared/schemas/reference'
import type { ApiRouter } from '../http/apiRouter'
import { createError } from '../core/appError'
import type { ReferenceRepository } from './referenceRepository'

const feature = <G, P>(id: string, geometry: G, properties: P) => ({ type: 'Feature' as const, id, geometry, properties })
const collection = <F>(features: F[]) => ({ type: 'FeatureCollection' as const, features })

export interface ReferenceRouteDeps {
  reference: ReferenceRepository
  /** Camera health comes from the relay's prober once it exists; until then every camera is 'unknown'. */
  cameraStatus?: (id: string) => CameraStatus
}

export function registerReferenceRoutes(api: ApiRouter, deps: ReferenceRouteDeps): void {
  const { reference } = deps
  const statusOf = deps.cameraStatus ?? (() => 'unknown' as const)

  api.add({
    method: 'get',
    path: '/street',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'The street boundary (one feature)',
    response: StreetCollection,
    handler: () => {
      const street = reference.street()
      if (!street) throw createError('NOT_READY', 'no reference data has been imported yet')
      const { boundary, ...properties } = street
      return collection([feature(street.id, boundary, properties)])
    },
  })
  api.add({
    method: 'get',
    path: '/communities',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'The 28 communities as polygons',
    response: CommunityCollection,
    handler: () => collection(reference.communities().map(({ boundary, ...p }) => feature(p.id, boundary, p))),
  })
  api.add({
    method: 'get',
    path: '/grids',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'The grids as polygons',
    response: GridCollection,
    handler: () => collection(reference.grids().map(({ boundary, ...p }) => feature(p.id, boundary, p))),
  })
  api.add({
    method: 'get',
    path: '/roads',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'The named road network as lines',
    response: RoadCollection,
    handler: () => collection(reference.roads().map(({ geometry, ...p }) => feature(p.id, geometry, p))),
  })
  api.add({
    method: 'get',
    path: '/markets',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'Markets (四街三市场)',
    response: MarketList,
    handler: () => ({ items: reference.markets() }),
  })
  api.add({
    method: 'get',
    path: '/cameras',
    tag: 'cameras',
    permission: 'cameras:view',
    summary: 'All cameras with their health; upstream stream URLs are never exposed',
    query: z.object({ gridId: Id.optional(), communityId: Id.optional() }),
    response: CameraList,
    handler: ({ query }) => ({
      items: reference
        .cameras()
        .filter((c) => (!query.gridId || c.gridId === query.gridId) && (!query.communityId || c.communityId === query.communityId))
        .map(({ mainStream: _m, subStream: _s, ...c }) => ({ ...c, status: statusOf(c.id) })),
    }),
  })
  api.add({
    method: 'get',
    path: '/categories',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'The category taxonomy (小类 with time limit, clock kind and responsible unit)',
    response: CategoryList,
    handler: () => ({ items: reference.categories() }),
  })
  api.add({
    method: 'get',
    path: '/units',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'Enforcement and service units',
    response: UnitList,
    handler: () => ({ items: reference.units() }),
  })
  api.add({
    method: 'get',
    path: '/teams',
    tag: 'reference',
    permission: 'reference:read',
    summary: 'Service teams',
    response: TeamList,
    handler: () => ({ items: reference.teams() }),
  })
  api.add({
    method: 'get',
    path: '/workers',
    tag: 'reference',
    permission: 'workers:read',
    summary: 'Grid workers, paged with an opaque cursor',
    query: z.object({
      gridId: Id.optional(),
      cursor: z.string().regex(/^\d{1,9}$/, 'not a cursor from this API').optional(),
      limit: queryInt(1, 500).default(100),
    }),
    response: WorkerPage,
    handler: ({ query }) => reference.workers({ gridId: query.gridId, cursor: query.cursor ?? null, limit: query.limit }),
  })
}
