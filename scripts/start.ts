import { main } from '../server/src/main'
import { ensureClientBuilt } from './clientBuild'

/** `npm start`: build the wall client if its sources changed, then run the one server process. */
const build = await ensureClientBuilt({ log: (msg) => console.warn(msg) })
if (build.built) console.warn(`client built in ${build.ms} ms`)
await main()
