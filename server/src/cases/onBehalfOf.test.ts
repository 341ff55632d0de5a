import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Case } from '@shared/schemas/case'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { type TestApp, startTestApp } from '../testing/testApp'
import { type Call, type DemoFacts, allCases, caller, demoFacts, reportBody } from './caseTestHelpers'

let t: TestApp
let call: Call
let facts: DemoFacts
beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
}, 120_000)
afterAll(async () => {
  await t.close()
})

const reportAs = (person: string) => call('POST', '/api/v1/cases', { body: reportBody(facts), headers: { 'x-on-behalf-of': person } })

describe('X-On-Behalf-Of', () => {
  it('refuses a person who does not exist, with 422 and the reason, and files nothing', async () => {
    const before = (await allCases(call)).cases.length
    const ghost = await reportAs('intake/ghost-person-9')
    expect([ghost.status, ghost.body.error.code]).toEqual([422, 'VALIDATION_FAILED'])
    expect(ghost.body.error.message).toBe('X-On-Behalf-Of: no intake "ghost-person-9" here: name an account by its id or username')
    const worker = await reportAs('grid_worker/W9999')
    expect(worker.body.error.message).toMatch(/no grid_worker "W9999" here: name an account \(id or username\) or a grid worker of the registry/)
    expect((await allCases(call)).cases.length).toBe(before)
  })

  it('refuses a disabled account, and a person named with a role they do not hold', async () => {
    const user = await t.wall.auth.createUser({ username: 'left-the-center', displayName: '离职人员', role: 'intake', password: null })
    const admin = await t.wall.auth.createUser({ username: 'admin-2', displayName: 'admin', role: 'admin', password: null })
    t.wall.auth.setDisabled({ ...admin, kind: 'user', name: admin.username, wall: null, terminalId: null }, user.id, true)
    const disabled = await reportAs(`intake/${user.id}`)
    expect([disabled.status, disabled.body.error.message]).toEqual([422, `X-On-Behalf-Of: the account ${user.id} is disabled`])
    const wrongRole = await reportAs('duty_chief/intake-1')
    expect([wrongRole.status, wrongRole.body.error.message]).toEqual([422, 'X-On-Behalf-Of: intake-1 holds the role intake, not duty_chief'])
  })

  it('refuses a role that may not do the action, before looking the person up', async () => {
    const leader = await reportAs('leader/leader-1')
    expect([leader.status, leader.body.error.message]).toEqual([422, 'X-On-Behalf-Of: a leader may not do this (it needs "cases:report")'])
  })

  it('takes an account of the role and a grid worker of the registry, and the history names them', async () => {
    const operator = await t.wall.auth.createUser({ username: 'li.ming', displayName: '李明', role: 'intake', password: null })
    const byName = await reportAs('intake/li.ming')
    expect(byName.status, JSON.stringify(byName.body)).toBe(201)
    const byAccount = await reportAs('intake/intake-1')
    expect(byAccount.status, JSON.stringify(byAccount.body)).toBe(201)
    const byWorker = await reportAs(`grid_worker/${facts.workerId}`)
    expect(byWorker.status, JSON.stringify(byWorker.body)).toBe(201)
    const history = async (c: unknown) => CaseWithHistory.parse((await call('GET', `/api/v1/cases/${Case.parse(c).id}`)).body).history[0]
    expect(await history(byAccount.body)).toMatchObject({ actorId: 'intake-1', actorRole: 'intake' })
    // Named by username, recorded by the account's id, as when that person signs in themselves.
    expect(await history(byName.body)).toMatchObject({ actorId: operator.id, actorRole: 'intake' })
    expect(await history(byWorker.body)).toMatchObject({ actorId: facts.workerId, actorRole: 'grid_worker' })
  })

  it('holds for every action that takes it: a transition for nobody is refused', async () => {
    const c = Case.parse((await reportAs('intake/intake-1')).body)
    const res = await call('POST', `/api/v1/cases/${c.id}/transitions`, { body: { action: 'file', version: c.version }, headers: { 'x-on-behalf-of': 'intake/nobody-at-all' } })
    expect([res.status, res.body.error.message]).toEqual([422, 'X-On-Behalf-Of: no intake "nobody-at-all" here: name an account by its id or username'])
    expect(Case.parse((await call('GET', `/api/v1/cases/${c.id}`)).body).version).toBe(c.version)
  })
})
