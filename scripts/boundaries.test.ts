import path from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

/** The boundary messages the lint gives one source text, as if it were the file at `file`. */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message)
}

describe('the import boundaries (README, "Map of the house")', () => {
  it('refuses the demo to product code, and lets tests and main.ts use it', async () => {
    const importDemo = "import { createDemo } from '../demo/startDemo'\nexport const x = createDemo\n"
    expect(await boundaryErrors('server/src/cases/probe.ts', importDemo)).toEqual([expect.stringMatching(/never imports the demo/)])
    expect(await boundaryErrors('server/src/reference/probe.ts', "import { generateGulou } from '../demo/gulou/generateGulou'\nexport const x = generateGulou\n")).toHaveLength(1)
    expect(await boundaryErrors('server/src/probe.ts', "export const load = () => import('./demo/startDemo')\n")).toHaveLength(1)
    expect(await boundaryErrors('server/src/cases/probe.test.ts', importDemo)).toEqual([])
    expect(await boundaryErrors('server/src/main.ts', "export const load = () => import('./demo/startDemo')\n")).toEqual([])
  })

  it('keeps the camera module layered: upstream below relay and health, relay blind to health', async () => {
    expect(await boundaryErrors('server/src/cameras/relay/probe.ts', "import type { CameraHealthStore } from '../health/cameraHealthStore'\nexport type X = CameraHealthStore\n")).toHaveLength(1)
    expect(await boundaryErrors('server/src/cameras/upstream/probe.ts', "import { createRelayService } from '../relay/relayService'\nexport const x = createRelayService\n")).toHaveLength(1)
    expect(await boundaryErrors('server/src/cameras/health/probe.ts', "import { fetchUpstream } from '../upstream/upstreamFetch'\nexport const x = fetchUpstream\n")).toEqual([])
  })

  it('keeps lower layers off http/ and realtime/ off the domains', async () => {
    const importHttp = "import { ApiRouter } from '../http/apiRouter'\nexport const x = ApiRouter\n"
    expect(await boundaryErrors('server/src/core/probe.ts', importHttp)).toHaveLength(1)
    expect(await boundaryErrors('server/src/cases/caseProbe.ts', importHttp)).toHaveLength(1)
    expect(await boundaryErrors('server/src/cases/probeRoutes.ts', importHttp)).toEqual([])
    expect(await boundaryErrors('server/src/realtime/probe.ts', "import { inScope } from '../cases/caseScope'\nexport const x = inScope\n")).toHaveLength(1)
  })

  it('keeps shared/ free of either side, and client stores below features', async () => {
    expect(await boundaryErrors('shared/probe.ts', "import { createApp } from '../server/src/app'\nexport const x = createApp\n")).toHaveLength(1)
    expect(await boundaryErrors('client/src/stores/probe.ts', "import { tileSnapshot } from '../features/wall/tileSnapshot'\nexport const x = tileSnapshot\n")).toHaveLength(1)
    expect(await boundaryErrors('client/src/features/probe.ts', "import { useKpiStore } from '../stores/kpi'\nexport const x = useKpiStore\n")).toEqual([])
  })
})
