import type { Config } from '../config'
import type { Logger } from '../core/logger'
import { readReferenceFolder } from './readReferenceFolder'
import type { ReferenceRepository } from './referenceRepository'

/**
 * On first start, load the territory from the configured import folder (REFERENCE_DIR), through
 * the same validating reader `npm run import` uses. The demo is no exception: it writes the Gulou
 * Street territory out as such a folder and points REFERENCE_DIR at it.
 */
export function ensureReferenceData(reference: ReferenceRepository, config: Config, log: Logger): 'present' | 'imported' | 'missing' {
  if (!reference.isEmpty()) return 'present'
  if (!config.referenceDir) {
    log.warn('no reference data yet: import a center with `npm run import -- <folder>`, or start the demo (DEMO=1)')
    return 'missing'
  }
  reference.replaceAll(readReferenceFolder(config.referenceDir), config.referenceDir)
  log.info({ folder: config.referenceDir, counts: reference.counts() }, 'imported reference data from the configured folder')
  return 'imported'
}
