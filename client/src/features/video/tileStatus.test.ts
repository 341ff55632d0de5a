import { describe, expect, it } from 'vitest'
import { tileStatus } from './tileStatus'

describe('tileStatus', () => {
  it('blames the network, not the camera, once the wall has lost the server', () => {
    expect(tileStatus({ health: 'offline', player: 'offline', link: 'offline' })).toBe('network')
    expect(tileStatus({ health: 'online', player: 'recovering', link: 'offline' })).toBe('network')
  })

  it('keeps a tile that still plays playing while the link is down', () => {
    expect(tileStatus({ health: 'online', player: 'playing', link: 'offline' })).toBe('playing')
  })

  it('rides out a short reconnect without changing what the tile says', () => {
    expect(tileStatus({ health: 'online', player: 'stalled', link: 'reconnecting' })).toBe('stalled')
  })

  it('says offline for a camera the health push calls offline while the wall is connected', () => {
    expect(tileStatus({ health: 'offline', player: 'idle', link: 'online' })).toBe('offline')
  })

  it('shows preparing from the player, not offline, for a camera whose clip is being made', () => {
    expect(tileStatus({ health: 'preparing', player: 'preparing', link: 'online' })).toBe('preparing')
  })
})
