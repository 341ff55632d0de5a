import { createApp } from '../server/src/app'
import { createLogger } from '../server/src/core/logger'
import { createDelegablePeople } from '../server/src/testing/testApp'
import { loadTestConfig } from '../server/src/testing/testConfig'

/**
 * The server of bench/field.bench.ts: the same createApp as `npm start`, plus the token-only intake
 * and dispatcher people (`intake-1`, `dispatcher-1`) the driver names in X-On-Behalf-Of to file
 * and dispatch the cases the field then works. Nothing else differs.
 */
const config = loadTestConfig(process.env)
const wall = createApp({ config, logger: createLogger(config.logLevel) })
await wall.listen(config.port, config.host)
createDelegablePeople(wall)
const stop = () => void wall.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
