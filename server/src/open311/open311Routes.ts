import express, { type Request, type Response } from 'express'
import type { z } from 'zod'
import type { Case } from '@shared/schemas/case'
import type { Category } from '@shared/schemas/reference'
import type { AuthService } from '../auth/authService'
import type { ActorOf } from '../cases/actor'
import { inScope, scopeOf } from '../cases/caseScope'
import type { CaseService } from '../cases/caseService'
import { describeIssues } from '../core/appError'
import type { Logger } from '../core/logger'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { Open311Error, open311ErrorHandler, sendDefinition, sendList } from './open311Answer'
import { type Open311CallerOf, createOpen311Caller } from './open311Caller'
import {
  IdempotencyHeader,
  Open311Format,
  MAX_UPDATES,
  PostQuery,
  PostRequestBody,
  RequestParams,
  RequestQuery,
  RequestsQuery,
  ServiceParams,
  ServicesQuery,
  UpdatesQuery,
  type Window,
  requestWindow,
  updateWindow,
  withoutAttributes,
} from './open311Input'
import { type RequestLookups, reportOf, requestOf, serviceDefinitionOf, serviceNoticeOf, serviceOf, updateOf } from './open311Mapping'
import { createOpen311RequestReads } from './open311RequestReads'
import { createOpen311UpdateReads } from './open311UpdateReads'

export interface Open311Deps {
  auth: AuthService
  cases: CaseService
  reference: ReferenceRepository
  actorOf: ActorOf
  db: Db
  /** The case clock: the default windows end now. */
  now: () => Date
  log: Logger
  /** OPEN311_REPORT_FOR: whom a report is filed for when the client names nobody (`role/person`). */
  reportFor?: string | null
}

function parse<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(data)
  if (!parsed.success) throw new Open311Error(400, `invalid ${where}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** The format the path ends in; any other is not an endpoint of ours. */
function formatOf(req: Request): Open311Format {
  const parsed = Open311Format.safeParse(req.params['format'])
  if (!parsed.success) throw new Open311Error(404, 'no such format: the formats are .json and .xml')
  return parsed.data
}

const windowOrFail = (w: Window): { from: string; to: string } => {
  if (!w.ok) throw new Open311Error(400, w.message)
  return w
}

/** Where this server is, as the caller reached it: media_url links point back here. */
const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`

function lookupsOf(reference: ReferenceRepository, baseUrl: string): RequestLookups {
  const categories = new Map(reference.categories().map((c) => [c.code, c]))
  const units = new Map(reference.units().map((u) => [u.id, u.name]))
  const teams = new Map(reference.teams().map((t) => [t.id, t.name]))
  const grids = new Map(reference.grids().map((g) => [g.id, g.name]))
  const gridOfWorker = (id: string) => {
    const grid = grids.get(reference.worker(id)?.gridId ?? '')
    return grid ? `${grid}（网格员）` : null
  }
  return {
    category: (code) => categories.get(code) ?? null,
    agencyOf: (a) => (a.kind === 'unit' ? (units.get(a.id) ?? null) : a.kind === 'team' ? (teams.get(a.id) ?? null) : gridOfWorker(a.id)),
    baseUrl,
  }
}

/** What every group of routes below shares. */
interface Routes {
  router: express.Router
  callerOf: Open311CallerOf
  deps: Open311Deps
  /** The 小类 of a service_code, or the spec's 404. */
  serviceOf(code: string): Category
}

function registerServiceRoutes({ router, callerOf, deps, serviceOf: mustService }: Routes): void {
  router.get('/services.:format', (req, res) => {
    callerOf(req, res, 'reference:read')
    const format = formatOf(req)
    parse(ServicesQuery, req.query, 'query')
    sendList(res, format, 'services', deps.reference.categories().map(serviceOf))
  })

  router.get('/services/:code.:format', (req, res) => {
    callerOf(req, res, 'reference:read')
    const format = formatOf(req)
    const { code } = parse(ServiceParams, req.params, 'path')
    parse(ServicesQuery, req.query, 'query')
    sendDefinition(res, format, serviceDefinitionOf(mustService(code)))
  })
}

function registerRequestReads({ router, callerOf, deps }: Routes): void {
  const requests = createOpen311RequestReads(deps.cases)
  /** The cases as Open311 requests, each with its first photo and the names of who holds it. */
  const answer = (req: Request, res: Response, format: Open311Format, found: Case[], extensions: boolean) => {
    const look = lookupsOf(deps.reference, baseUrlOf(req))
    sendList(res, format, 'requests', found.map((c) => requestOf(c, requests.firstPhoto(c.id), look, extensions)))
  }

  router.get('/requests.:format', (req, res) => {
    const principal = callerOf(req, res, 'cases:read')
    const format = formatOf(req)
    const q = parse(RequestsQuery, req.query, 'query')
    // service_request_id overrides every other filter, the window too.
    const window = q.service_request_id ? { from: '', to: '' } : windowOrFail(requestWindow(q, deps.now()))
    answer(req, res, format, requests.matching(scopeOf(principal), q, window), q.extensions ?? false)
  })

  router.get('/requests/:id.:format', (req, res) => {
    const principal = callerOf(req, res, 'cases:read')
    const format = formatOf(req)
    const { id } = parse(RequestParams, req.params, 'path')
    const q = parse(RequestQuery, req.query, 'query')
    const found = requests.byId(scopeOf(principal), id)
    if (!found) throw new Open311Error(404, `service_request_id "${id}" not found`)
    answer(req, res, format, [found], q.extensions ?? false)
  })
}

function registerRequestPost({ router, callerOf, deps, serviceOf: mustService }: Routes): void {
  router.post('/requests.:format', async (req, res) => {
    const principal = callerOf(req, res, 'cases:report')
    const format = formatOf(req)
    parse(PostQuery, req.query, 'query')
    const body = parse(PostRequestBody, withoutAttributes({ ...(req.body as Record<string, unknown>) }), 'body')
    const key = parse(IdempotencyHeader, req.get('idempotency-key'), 'Idempotency-Key header')
    const service = mustService(body.service_code)
    const report = reportOf(body, service)
    if (!report.ok) throw new Open311Error(400, report.message)
    // A stock client (FixMyStreet's Open311 module) cannot add X-On-Behalf-Of: the configured person stands in.
    if (!req.get('x-on-behalf-of') && deps.reportFor) req.headers['x-on-behalf-of'] = deps.reportFor
    const actor = deps.actorOf(req, 'cases:report')
    if (actor.id === principal.id) {
      throw new Open311Error(400, 'an integration reports for a person of the center: name them in the X-On-Behalf-Of header, e.g. "intake/<account>" for the intake desk that takes Open311 reports in, or set OPEN311_REPORT_FOR on the server')
    }
    // The same intake as POST /api/v1/cases: its checks, its group commit, its Idempotency-Key.
    const result = await deps.cases.intakeGrouped(actor, report.body, key ?? null)
    const created = { service_request_id: result.case.id, service_notice: serviceNoticeOf(result.case, service), account_id: null }
    sendList(res, format, 'requests', [created], result.created ? 201 : 200)
  })
}

function registerUpdateRoutes({ router, callerOf, deps }: Routes): void {
  const updates = createOpen311UpdateReads(deps.db)
  router.get('/servicerequestupdates.:format', (req, res) => {
    const scope = scopeOf(callerOf(req, res, 'cases:read'))
    const format = formatOf(req)
    const window = windowOrFail(updateWindow(parse(UpdatesQuery, req.query, 'query'), deps.now()))
    const rows = updates.between(window.from, window.to, MAX_UPDATES).filter((r) => inScope(scope, r))
    sendList(res, format, 'updates', rows.map((r) => updateOf(r.entry, String(r.updateId), baseUrlOf(req))))
  })

  router.post('/servicerequestupdates.:format', (req, res) => {
    callerOf(req, res, 'cases:act')
    formatOf(req)
    // Decision (README): the loop takes steps from the people who work it; a comment from outside has no step.
    throw new Open311Error(400, "updates are not taken here: each step of a case is made by the center's own staff; a new problem is a new request (POST requests), and a reporter's further word reaches intake through the 96156 hotline")
  })
}

/**
 * Open311 GeoReport v2 with mySociety's servicerequestupdates, mounted at /open311/v2 (README,
 * "Open311 GeoReport v2"). Each handler: the caller and its permission first, then the input,
 * then the work through the case service, then the answer in the format the path names.
 * Returned with its error handler, which also answers the body parsers' errors in Open311 form.
 */
export function open311Handlers(deps: Open311Deps): [express.Router, express.ErrorRequestHandler] {
  const router = express.Router()
  router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }))
  const routes: Routes = {
    router,
    callerOf: createOpen311Caller(deps.auth),
    deps,
    serviceOf(code) {
      const found = deps.reference.categories().find((c) => c.code === code)
      if (!found) throw new Open311Error(404, `service_code "${code}" not found: GET /open311/v2/services lists them`)
      return found
    },
  }
  registerServiceRoutes(routes)
  registerRequestReads(routes)
  registerRequestPost(routes)
  registerUpdateRoutes(routes)
  router.use((req) => {
    throw new Open311Error(404, `no such Open311 endpoint: ${req.method} /open311/v2${req.path.slice(0, 100)} (formats are .json and .xml)`)
  })
  return [router, open311ErrorHandler(deps.log)]
}
