import { z } from 'zod'
import { Me, type TerminalLoginBody } from '@shared/schemas/auth'
import { CasePage } from '@shared/schemas/caseApi'
import type { PositionReport } from '@shared/schemas/position'
import { getJson, type RequestOptions, sendJson } from '../../api/http'
import { FIELD_STATES } from './taskOrder'

/** The field terminal's direct calls (not through the outbox). */
export const terminalLogin = (body: TerminalLoginBody) => sendJson('POST', '/auth/terminal', Me, body)

/** The cases that wait for the field in my scope (the server applies the grid, unit or community). */
export const fetchMyTasks = (options: RequestOptions = {}) => getJson(`/cases?state=${FIELD_STATES.join(',')}&limit=200`, CasePage, options)


export const postPosition = (report: PositionReport) => sendJson('POST', '/positions', z.unknown(), report)
