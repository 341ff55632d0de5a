import { createConfig, lintFromString } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let document: string
beforeAll(async () => {
  t = await startTestApp()
  const res = await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })
  document = await res.text()
})
afterAll(async () => {
  await t.close()
})

describe('the OpenAPI document under Redocly lint', () => {
  it("has no error under the 'recommended' rules, as `redocly lint` runs them", async () => {
    const config = await createConfig({ extends: ['recommended'] })
    const problems = await lintFromString({ source: document, absoluteRef: 'openapi.json', config })
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)
    expect(errors).toEqual([])
  })
})
