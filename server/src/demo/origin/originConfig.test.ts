import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../config'
import { loadDemoConfig } from '../demoConfig'

describe('camera origin configuration', () => {
  it('runs the demo fleet on 127.0.0.1:8091 with 60 s loops and a few misbehaving cameras', () => {
    const c = loadDemoConfig({ DATA_DIR: '/tmp/wall' }).origin
    expect(c).toEqual({
      port: 8091,
      host: '127.0.0.1',
      fleetDir: path.resolve('/tmp/wall/fleet'),
      loopSeconds: 60,
      encodeConcurrency: Math.max(1, Math.min(4, os.availableParallelism())),
      preencode: 'sub',
      offlineShare: 0.03,
      flapping: 5,
      flapSeconds: 180,
      stalled: 2,
    })
  })

  it('reads every variable', () => {
    const c = loadDemoConfig({
      CAMERA_ORIGIN_PORT: '0',
      CAMERA_ORIGIN_HOST: '0.0.0.0',
      FLEET_DIR: '/srv/fleet',
      FLEET_LOOP_SECONDS: '20',
      FLEET_ENCODE_CONCURRENCY: '2',
      FLEET_PREENCODE: 'sub',
      FLEET_OFFLINE_SHARE: '0.1',
      FLEET_FLAPPING: '0',
      FLEET_FLAP_SECONDS: '30',
      FLEET_STALLED: '4',
    }).origin
    expect(c).toMatchObject({ port: 0, host: '0.0.0.0', fleetDir: '/srv/fleet', loopSeconds: 20, encodeConcurrency: 2, preencode: 'sub', offlineShare: 0.1, flapping: 0, flapSeconds: 30, stalled: 4 })
  })

  it.each([
    ['FLEET_LOOP_SECONDS', '15', /FLEET_LOOP_SECONDS="15": expected a whole number of 2-second segments/],
    ['FLEET_LOOP_SECONDS', '2', /expected at least 4 seconds/],
    ['FLEET_OFFLINE_SHARE', '1.5', /FLEET_OFFLINE_SHARE="1.5": expected 0-1/],
    ['FLEET_PREENCODE', 'some', /FLEET_PREENCODE="some": expected all, sub or none/],
    ['FLEET_ENCODE_CONCURRENCY', '0', /expected at least 1 encodes/],
    ['CAMERA_ORIGIN_PORT', '99999', /CAMERA_ORIGIN_PORT="99999": expected at most 65535/],
  ])('refuses %s=%s with a message naming it', (key, value, message) => {
    expect(() => loadDemoConfig({ [key]: value })).toThrow(ConfigError)
    expect(() => loadDemoConfig({ [key]: value })).toThrow(message)
  })
})
