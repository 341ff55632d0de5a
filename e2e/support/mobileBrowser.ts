import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import type { LngLat } from '../../shared/schemas/geo'
import { CHROMIUM_FLAGS, chromiumPath, type LaunchedBrowser } from './browser'

/**
 * A fresh headless Chromium as a field handset: 390×844, mobile and touch, with the location
 * permission granted and a fix at `at` (move it with context.setGeolocation). Its own throw-away
 * profile, as launchBrowser's, so a service worker and IndexedDB start empty.
 */
export async function launchMobileBrowser(at: LngLat): Promise<LaunchedBrowser> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'field-e2e-profile-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    permissions: ['geolocation'],
    geolocation: { longitude: at.lng, latitude: at.lat, accuracy: 8 },
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      await rm(profileDir, { recursive: true, force: true })
    },
  }
}
