import http from 'node:http'
import type express from 'express'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createSqliteAccountRepository } from './auth/accountRepository'
import { createSqliteAuditLog } from './auth/auditLog'
import { createPersonDirectory } from './auth/personDirectory'
import { registerAuthRoutes } from './auth/authRoutes'
import { type AuthService, createAuthService } from './auth/authService'
import { bootstrapAccounts } from './auth/bootstrapAccounts'
import { authenticateRaw } from './auth/requestAuth'
import { ensureServiceToken } from './auth/serviceAccounts'
import { registerUserRoutes } from './auth/userRoutes'
import { registerTerminalSessionRoutes } from './auth/terminalSessionRoutes'
import { caseRoomsOf } from './cases/caseRooms'
import { createActorOf } from './cases/actor'
import { registerCaseRoutes } from './cases/caseRoutes'
import { registerDeskRoutes } from './desk/deskRoutes'
import { type District, type DistrictOptions, createDistrict } from './district/districtDomain'
import { registerDistrictRoutes } from './district/districtRoutes'
import { registerReplayRoutes } from './briefing/replayRoutes'
import { registerEvaluationRoutes } from './briefing/evaluationRoutes'
import { registerBriefingRoutes } from './briefing/briefingRoutes'
import { createPdfRenderer } from './briefing/pdfRenderer'
import { registerPdfRoutes } from './briefing/pdfRoutes'
import { createCaseEngine } from './cases/caseEngine'
import { calendarCoversYear } from './cases/holidayCalendar'
import { beijingDay } from '@shared/rules/beijingTime'
import type { CaseService } from './cases/caseService'
import { registerCaseSocketHandlers } from './cases/caseSocketHandlers'
import type { DeadlineTicker } from './cases/deadlineTicker'
import type { Config } from './config'
import { evidenceBodyParser, registerEvidenceRoutes } from './evidence/evidenceRoutes'
import { createEvidenceStore } from './evidence/evidenceStore'
import { registerHealthRoutes } from './liveness/livenessRoutes'
import { createPhotoDomain } from './photos/photoDomain'
import { registerPhotoRoutes } from './photos/photoRoutes'
import type { ApiRouter } from './http/apiRouter'
import { createHttpPipeline, finishHttpPipeline } from './http/httpPipeline'
import { registerOpenApiRoute } from './openapi/openapiRoute'
import { open311Handlers } from './open311/open311Routes'
import { createKpiProjector } from './kpi/kpiProjector'
import { startKpiPush } from './kpi/kpiPush'
import { registerKpiRoutes } from './kpi/kpiRoutes'
import { type KpiService, createKpiService } from './kpi/kpiService'
import { createKpiStore } from './kpi/kpiStore'
import type { Logger } from './core/logger'
import { createLogger } from './core/logger'
import { createPositions } from './positions/positionDomain'
import { positionRoomsOf, startPositionPush } from './positions/positionPush'
import { registerPositionRoutes } from './positions/positionRoutes'
import { principalRoom } from './realtime/rooms'
import { disconnectSignedOut } from './realtime/sessionSockets'
import { createSocketGuard } from './realtime/socketGuard'
import { createSocketServer, type WallServer } from './realtime/socketServer'
import { type CameraVideo, createCameraVideo } from './cameras/cameraVideo'
import { ensureReferenceData } from './reference/ensureReferenceData'
import { createSqliteReferenceRepository, type ReferenceRepository } from './reference/referenceRepository'
import { registerReferenceRoutes } from './reference/referenceRoutes'
import { openDatabase, type Db } from './store/database'
import { createSqliteWallRepository } from './walls/wallRepository'
import { startAlarmTrigger } from './walls/alarmTrigger'
import { registerWallRoutes } from './walls/wallRoutes'
import { type WallService, createWallService } from './walls/wallService'
import { registerWallSocketHandlers } from './walls/wallSocketHandlers'

export interface AppDeps {
  config: Config
  logger?: Logger
  /** An open store; when absent the app opens `<dataDir>/wall.db` and closes it on close(). */
  db?: Db
  /** The clock of the case engine (timestamps, deadlines); tests pass a fake one. */
  now?: () => Date
  /** Where first-start passwords are shown once (never the log); default stdout. */
  print?: (text: string) => void
  /** The district level's peers, clock and sender loop; tests link two apps and drive the loop. */
  district?: DistrictOptions
}

export interface WallApp {
  app: express.Express
  /** The open store (tests read it directly). */
  db: Db
  httpServer: http.Server
  io: WallServer
  api: ApiRouter
  reference: ReferenceRepository
  cases: CaseService
  /** Relay, signed stream links and fleet health. */
  video: CameraVideo
  kpi: KpiService
  auth: AuthService
  walls: WallService
  /** The district level (四级联动): escalations, referrals, their outbox and its sender. */
  district: District
  /**
   * A fresh API token for an integration account of this server's own (created on first use),
   * for a process that drives the public API from beside it: the demo simulation, a gateway.
   */
  serviceToken(username: string, displayName: string): Promise<string>
  /**
   * Bracket a bulk write of history straight into the store (an import, the demo's back-fill):
   * the deadline ticker waits meanwhile and the KPI projection re-reads once it ends.
   */
  historyWrite: { begin(): void; end(): void }
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
  // The case clock: a test's fake one, or the real one. Sessions and audit keep the real clock.
  const now = deps.now ?? (() => new Date())
  warnIfCalendarStale(config, log, now())
  const { cases, deadlines } = createCaseEngine({ db, reference, config, log, ...(deps.now ? { now: deps.now } : {}) })

  // KPIs are a projection of the event stream: every commit (the ticker's too) nudges it.
  const kpiStore = createKpiStore(db)
  const kpiProjector = createKpiProjector({ store: kpiStore, log })
  const kpi = createKpiService({ store: kpiStore, projector: kpiProjector, reference, ...(deps.now ? { now: deps.now } : {}) })
  const stopKpiFeed = cases.onChange(() => kpiProjector.notify())
  kpiProjector.start()

  const accounts = createSqliteAccountRepository(db)
  // Sessions, lockouts and the audit log run on the real clock, even when a test moves the cases' clock.
  const audit = createSqliteAuditLog(db)
  let io: WallServer | null = null
  const auth = createAuthService({
    accounts,
    audit,
    onRevoked: (id) => io?.in(principalRoom(id)).disconnectSockets(true),
    onSessionRevoked: (id) => io && disconnectSignedOut(io, principalRoom(id), (req) => authenticateRaw(auth, req) !== null),
    terminalExists: (id) => reference.terminals().some((t) => t.id === id),
  })

  const { app, api } = createHttpPipeline({ auth, audit, bodyParsers: [['/api/v1/cases/:id/evidence', evidenceBodyParser()]] })
  registerAuthRoutes(api, { auth, accounts, audit, secureCookies: config.auth.secureCookies })
  registerUserRoutes(api, { auth, accounts, audit })
  registerTerminalSessionRoutes(api, { auth, audit })
  registerHealthRoutes(api, { reference, version: VERSION, startedAt: Date.now(), mapStyleUrl: config.mapStyleUrl })
  const video = createCameraVideo({
    registry: reference,
    relay: config.relay,
    health: config.health,
    dataDir: config.dataDir,
    log,
    viewerOf: (req) => authenticateRaw(auth, req)?.principal.id ?? null,
  })
  video.mount(app, api)
  registerReferenceRoutes(api, { reference, cameraStatus: (id) => video.health.status(id) })
  // An integration acts only for people who exist here: accounts, and the registry's grid workers.
  const actorOf = createActorOf(createPersonDirectory({ accounts, worker: (id) => reference.worker(id) }))
  const photos = createPhotoDomain({ db, dataDir: config.dataDir, accounts, reference, now })
  registerCaseRoutes(api, { cases, audit, actorOf, namedPhotos: photos.namedPhotos })
  registerPhotoRoutes(api, { ...photos, cases, audit, actorOf })
  const positions = createPositions({ db, accounts, reference, cases, retentionDays: config.positions.retentionDays, now, log })
  registerPositionRoutes(api, { positions: positions.service, actorOf })
  registerEvidenceRoutes(api, { evidence: createEvidenceStore({ db, dir: path.join(config.dataDir, 'evidence') }), cases, reference, audit, actorOf })
  registerKpiRoutes(api, { kpi })
  const district = createDistrict({ db, cases, reference, log, links: config.district, ...(deps.district ? { options: deps.district } : {}) })
  registerDistrictRoutes(api, { district: district.service, audit, actorOf })
  registerDeskRoutes(api, { db, reference, cases, audit, now, freshFix: (id) => positions.service.freshFix(id) })
  registerReplayRoutes(api, { db, reference, now })
  registerEvaluationRoutes(api, { db, reference, projector: kpiProjector, audit, now })
  registerBriefingRoutes(api, { db, reference, kpi, projector: kpiProjector, cases, now })
  registerPdfRoutes(api, { auth, reference, renderer: createPdfRenderer(config.pdf), timeoutMs: config.pdf.timeoutMs, now })
  const walls = createWallService({
    repo: createSqliteWallRepository(db),
    cameras: () => reference.cameras(),
    category: (code) => reference.categories().find((c) => c.code === code) ?? null,
    configured: config.walls,
    log,
    alarmHoldSeconds: config.alarm.holdSeconds,
    alarmCameras: config.alarm.cameras,
    alarmRadiusMeters: config.alarm.radiusMeters,
  })
  registerWallRoutes(api, { walls, audit })
  const stopAlarms = startAlarmTrigger({ cases, walls, now })
  registerOpenApiRoute(api)
  // Open311 GeoReport v2 for outside civic-issue clients: its own paths, errors and formats, before the client's fallback.
  app.use('/open311/v2', open311Handlers({ auth, cases, reference, actorOf, db, now, log, reportFor: config.open311ReportFor }))
  finishHttpPipeline(app, api, { clientDir: config.clientDir, log })

  // Cached relay segments are answered before Express; everything else goes to the app.
  const httpServer = http.createServer(video.listener(app))
  const sockets = createSocketServer(httpServer, {
    log,
    audit,
    lastSeq: () => cases.lastSeq(),
    authenticate: (req) => authenticateRaw(auth, req)?.principal ?? null,
    allowedOrigins: config.auth.allowedOrigins,
    roomsOf: (principal) => [...caseRoomsOf(principal), ...positionRoomsOf(principal)],
  })
  io = sockets
  const onCommand = createSocketGuard(audit)
  const stopCaseStream = registerCaseSocketHandlers(sockets, { cases, log, onCommand })
  const stopWallStream = registerWallSocketHandlers(sockets, { walls, audit, onCommand })
  const stopKpiPush = startKpiPush(sockets, { kpi, projector: kpiProjector, log })
  const stopPositionPush = startPositionPush(sockets, positions.service)
  positions.start()
  deadlines.start()
  district.start()
  video.start(sockets)

  let closed = false
  return {
    app,
    db,
    httpServer,
    io: sockets,
    api,
    reference,
    cases,
    video,
    kpi,
    auth,
    walls,
    district,
    serviceToken: (username, displayName) => ensureServiceToken(accounts, auth, username, displayName),
    historyWrite: {
      begin: () => deadlines.stop(),
      end: () => {
        deadlines.start()
        kpiProjector.notify()
      },
    },
    deadlines,
    async listen(port, host) {
      // Accounts exist before the first request can arrive: there is never a window without them.
      await bootstrapAccounts(accounts, auth, reference, {
        adminPassword: config.auth.adminPassword,
        demo: config.auth.demoAccounts,
        demoPassword: config.auth.demoPassword,
        print: deps.print ?? ((text) => void process.stdout.write(`${text}\n`)),
      })
      const address = await new Promise<AddressInfo>((resolve, reject) => {
        httpServer.once('error', reject)
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject)
          resolve(httpServer.address() as AddressInfo)
        })
      })
      return address
    },
    async close() {
      if (closed) return
      closed = true
      deadlines.stop()
      // A send under way finishes (and records its outcome) before the store closes.
      await district.stop()
      // Before the sockets go: no ffmpeg may outlive the server.
      await video.close()
      stopCaseStream()
      stopWallStream()
      stopAlarms()
      stopKpiPush()
      stopPositionPush()
      positions.stop()
      stopKpiFeed()
      kpiProjector.stop()
      // io.close() also closes the HTTP server; wait for both before closing the store.
      await new Promise<void>((resolve) => {
        void sockets.close(() => resolve())
      })
      httpServer.closeAllConnections()
      // The last minute's counts of anonymous refusals, before the store goes.
      audit.flush()
      if (ownsDb) db.close()
    },
  }
}

/** Time limits skip holidays: a calendar with none for this year silently counts them as working days. */
function warnIfCalendarStale(config: Config, log: Logger, now: Date): void {
  const year = Number(beijingDay(now).slice(0, 4))
  if (calendarCoversYear(config.holidays, year)) return
  log.warn({ year }, `the holiday calendar lists no day off in ${year}: working-day time limits will count holidays as working days; set HOLIDAYS_FILE to this year's arrangement`)
}
