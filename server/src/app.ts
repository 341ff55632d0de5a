import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import express from 'express'
import { createCaseLocator } from './cases/caseLocator'
import { createCaseReferences } from './cases/caseReferences'
import { createSqliteCaseRepository } from './cases/caseRepository'
import { registerCaseRoutes } from './cases/caseRoutes'
import { type CaseService, createCaseService } from './cases/caseService'
import { registerCaseSocketHandlers } from './cases/caseSocketHandlers'
import { type DeadlineTicker, createDeadlineTicker } from './cases/deadlineTicker'
import type { Config } from './config'
import { registerHealthRoutes } from './health/healthRoutes'
import { ApiRouter } from './http/apiRouter'
import { errorHandler, notFoundHandler } from './http/errors'
import { createKpiProjector } from './kpi/kpiProjector'
import { startKpiPush } from './kpi/kpiPush'
import { registerKpiRoutes } from './kpi/kpiRoutes'
import { type KpiService, createKpiService } from './kpi/kpiService'
import { createKpiStore } from './kpi/kpiStore'
import type { Logger } from './logger'
import { createLogger } from './logger'
import { buildOpenApiDocument } from './openapi/openapiDocument'
import { wallRoom } from './realtime/rooms'
import { createSocketServer, type WallServer } from './realtime/socketServer'
import { type CameraVideo, createCameraVideo } from './relay/cameraVideo'
import { ensureReferenceData } from './reference/ensureReferenceData'
import { createSqliteReferenceRepository, type ReferenceRepository } from './reference/referenceRepository'
import { registerReferenceRoutes } from './reference/referenceRoutes'
import { type Simulation, startSimulation } from './sim/simulation'
import { openDatabase, type Db } from './store/database'

export interface AppDeps {
  config: Config
  logger?: Logger
  /** An open store; when absent the app opens `<dataDir>/wall.db` and closes it on close(). */
  db?: Db
  /** The clock of the case engine (timestamps, deadlines); tests pass a fake one. */
  now?: () => Date
}

export interface WallApp {
  app: express.Express
  httpServer: http.Server
  io: WallServer
  api: ApiRouter
  reference: ReferenceRepository
  cases: CaseService
  /** Relay, signed stream links and fleet health. */
  video: CameraVideo
  kpi: KpiService
  /** The demo simulation once listening, or null (SIM=0, or not listening yet). */
  simulation(): Simulation | null
  /** Exposed so tests with a fake clock can tick it on demand. */
  deadlines: DeadlineTicker
  listen(port: number, host: string): Promise<AddressInfo>
  close(): Promise<void>
}

const VERSION = '0.1.0'

/** Wire the domains together. Nothing here runs at import time; everything starts from this call. */
export function createApp(deps: AppDeps): WallApp {
  const { config } = deps
  const log = deps.logger ?? createLogger(config.logLevel)
  const ownsDb = !deps.db
  const db = deps.db ?? openDatabase(path.join(config.dataDir, 'wall.db'))
  const reference = createSqliteReferenceRepository(db)
  ensureReferenceData(reference, config, log)
  const caseRepo = createSqliteCaseRepository(db)
  const caseReferences = createCaseReferences(reference)
  const cases = createCaseService({
    repo: caseRepo,
    references: caseReferences,
    locate: createCaseLocator(reference),
    replayLimit: config.eventReplayLimit,
    calendar: config.holidays,
    ...(deps.now ? { now: deps.now } : {}),
  })
  const deadlines = createDeadlineTicker({
    repo: caseRepo,
    references: caseReferences,
    calendar: config.holidays,
    publish: (change) => cases.publish(change),
    log,
    intervalMs: config.deadlineTickMs,
    ...(deps.now ? { now: deps.now } : {}),
  })

  // KPIs are a projection of the event stream: every commit (the ticker's too) nudges it.
  const kpiStore = createKpiStore(db)
  const kpiProjector = createKpiProjector({ store: kpiStore, log })
  const kpi = createKpiService({ store: kpiStore, projector: kpiProjector, reference, ...(deps.now ? { now: deps.now } : {}) })
  const stopKpiFeed = cases.onChange(() => kpiProjector.notify())
  kpiProjector.start()

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
  app.use(express.json({ limit: '256kb' }))

  const api = new ApiRouter()
  registerHealthRoutes(api, { reference, version: VERSION, startedAt: Date.now(), mapStyleUrl: config.mapStyleUrl })
  const video = createCameraVideo({ registry: reference, relay: config.relay, health: config.health, dataDir: config.dataDir, log })
  video.mount(app, api)
  registerReferenceRoutes(api, { reference, cameraStatus: (id) => video.health.status(id) })
  registerCaseRoutes(api, { cases })
  registerKpiRoutes(api, { kpi })
  const openapi = buildOpenApiDocument(api.specs, {
    '/api/v1/openapi.json': { get: { summary: 'This document', tags: ['system'], responses: { 200: { description: 'OpenAPI 3 document' } } } },
  })
  api.router.get('/openapi.json', (_req, res) => {
    res.json(openapi)
  })
  app.use('/api/v1', api.router)
  app.use('/api', notFoundHandler)

  serveClient(app, config.clientDir)
  app.use(errorHandler(log))

  // Cached relay segments are answered before Express; everything else goes to the app.
  const httpServer = http.createServer(video.listener(app))
  const io = createSocketServer(httpServer, { log, lastSeq: () => cases.lastSeq() })
  const stopCaseStream = registerCaseSocketHandlers(io, { cases, log })
  const stopKpiPush = startKpiPush(io, { kpi, projector: kpiProjector, log })
  deadlines.start()
  video.start(io)

  let closed = false
  let simulation: Simulation | null = null
  /** The simulation drives the public API, so it needs the address the server listens on. */
  function startOwnSimulation(address: AddressInfo): Simulation {
    const host = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address
    return startSimulation(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, {
      db,
      reference,
      calendar: config.holidays,
      sim: config.sim,
      log,
      lastSeq: () => cases.lastSeq(),
      onProgress: (p) => io.to(wallRoom()).emit('sim:progress', p),
      beforeBackfill: () => deadlines.stop(),
      afterBackfill: () => {
        deadlines.start()
        kpiProjector.notify()
      },
      ...(deps.now ? { now: deps.now } : {}),
    })
  }
  return {
    app,
    httpServer,
    io,
    api,
    reference,
    cases,
    video,
    kpi,
    simulation: () => simulation,
    deadlines,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject)
          const address = httpServer.address() as AddressInfo
          if (config.sim.enabled && !closed) simulation = startOwnSimulation(address)
          resolve(address)
        })
      })
    },
    async close() {
      if (closed) return
      closed = true
      // First: the simulation talks to this server and writes to this store.
      await simulation?.stop()
      deadlines.stop()
      // Before the sockets go: no ffmpeg may outlive the server.
      await video.close()
      stopCaseStream()
      stopKpiPush()
      stopKpiFeed()
      kpiProjector.stop()
      // io.close() also closes the HTTP server; wait for both before closing the store.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve())
      })
      httpServer.closeAllConnections()
      if (ownsDb) db.close()
    },
  }
}

/** Serve the built wall, with the single-page routes (/wall/main, …) answered by index.html. */
function serveClient(app: express.Express, clientDir: string): void {
  const index = path.join(clientDir, 'index.html')
  app.use(express.static(clientDir, { index: false, maxAge: '1h', fallthrough: true }))
  app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The wall client is not built yet: run `npm run build` (npm start does it for you).')
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(index)
  })
}
