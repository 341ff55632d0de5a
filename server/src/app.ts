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
import type { Config } from './config'
import { registerHealthRoutes } from './health/healthRoutes'
import { ApiRouter } from './http/apiRouter'
import { errorHandler, notFoundHandler } from './http/errors'
import type { Logger } from './logger'
import { createLogger } from './logger'
import { buildOpenApiDocument } from './openapi/openapiDocument'
import { createSocketServer, type WallServer } from './realtime/socketServer'
import { ensureReferenceData } from './reference/ensureReferenceData'
import { createSqliteReferenceRepository, type ReferenceRepository } from './reference/referenceRepository'
import { registerReferenceRoutes } from './reference/referenceRoutes'
import { openDatabase, type Db } from './store/database'

export interface AppDeps {
  config: Config
  logger?: Logger
  /** An open store; when absent the app opens `<dataDir>/wall.db` and closes it on close(). */
  db?: Db
}

export interface WallApp {
  app: express.Express
  httpServer: http.Server
  io: WallServer
  api: ApiRouter
  reference: ReferenceRepository
  cases: CaseService
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
  const cases = createCaseService({
    repo: createSqliteCaseRepository(db),
    references: createCaseReferences(reference),
    locate: createCaseLocator(reference),
    replayLimit: config.eventReplayLimit,
  })

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
  app.use(express.json({ limit: '256kb' }))

  const api = new ApiRouter()
  registerHealthRoutes(api, { reference, version: VERSION, startedAt: Date.now(), mapStyleUrl: config.mapStyleUrl })
  registerReferenceRoutes(api, { reference })
  registerCaseRoutes(api, { cases })
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

  const httpServer = http.createServer(app)
  const io = createSocketServer(httpServer, { log, lastSeq: () => cases.lastSeq() })
  const stopCaseStream = registerCaseSocketHandlers(io, { cases, log })

  let closed = false
  return {
    app,
    httpServer,
    io,
    api,
    reference,
    cases,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject)
          resolve(httpServer.address() as AddressInfo)
        })
      })
    },
    async close() {
      if (closed) return
      closed = true
      stopCaseStream()
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
