import path from 'node:path'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { writeReferenceFolder } from '../server/src/demo/gulou/writeReferenceFolder'

/**
 * `npm run generate -- <folder> [originUrl]`: write the Gulou Street demo territory as an import
 * folder (the format `npm run import` reads), to look at, edit, or import as a starting point.
 * The stream URLs point at the demo's camera origin unless another base URL is given.
 */
function run(): number {
  const [folder, originBaseUrl] = process.argv.slice(2)
  if (!folder) {
    console.error('usage: npm run generate -- <folder> [camera origin base URL, default http://127.0.0.1:8091]')
    return 2
  }
  const data = generateGulou(originBaseUrl ? { originBaseUrl } : {})
  writeReferenceFolder(data, path.resolve(folder))
  console.warn(`wrote the Gulou demo territory to ${path.resolve(folder)}: ${data.grids.length} grids, ${data.communities.length} communities, ${data.cameras.length} cameras`)
  return 0
}

process.exitCode = run()
