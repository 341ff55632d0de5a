import path from 'node:path'
import type { Config } from '../config'
import { generateGulou } from '../demo/gulou/generateGulou'
import { writeReferenceFolder } from '../demo/gulou/writeReferenceFolder'
import type { Logger } from '../core/logger'
import { readReferenceFolder } from './readReferenceFolder'
import type { ReferenceRepository } from './referenceRepository'

/**
 * On first start, load the territory: a configured import folder if there is one, else the
 * Gulou Street demo. The demo is written out as an import folder and read back through the
 * same validating reader a real center's files go through.
 */
export function ensureReferenceData(reference: ReferenceRepository, config: Config, log: Logger): 'present' | 'imported' | 'demo' | 'missing' {
  if (!reference.isEmpty()) return 'present'
  if (config.referenceDir) {
    reference.replaceAll(readReferenceFolder(config.referenceDir), config.referenceDir)
    log.info({ folder: config.referenceDir, counts: reference.counts() }, 'imported reference data from the configured folder')
    return 'imported'
  }
  if (!config.demo) {
    log.warn('no reference data yet: import a center with `npm run import -- <folder>`')
    return 'missing'
  }
  const folder = path.join(config.dataDir, 'demo-reference')
  writeReferenceFolder(generateGulou({ originBaseUrl: config.cameraOriginUrl }), folder)
  reference.replaceAll(readReferenceFolder(folder), 'gulou-demo')
  log.info({ folder, counts: reference.counts() }, 'generated and imported the Gulou Street demo territory')
  return 'demo'
}
