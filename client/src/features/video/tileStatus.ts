import type { CameraStatus } from '@shared/schemas/api'
import type { ConnectionStatus } from '../../realtime/connectionState'
import type { PlayerStatus } from './playerPolicy'

/** What a tile says: the player's own state, or `network` when the wall itself has lost the server. */
export type TileStatus = PlayerStatus | 'network'

/**
 * One camera's tile, from what the wall knows. The health push says which cameras are dead before
 * a player could find out, but only while the wall can hear it: once the wall's own link to the
 * server is down, a tile that is not playing says 网络中断 (network down), never 探头离线 — the
 * cameras may be fine, it is this screen that is cut off. A tile still playing keeps playing.
 */
export function tileStatus(input: { health: CameraStatus | null; player: PlayerStatus; link: ConnectionStatus }): TileStatus {
  if (input.link === 'offline' && input.player !== 'playing') return 'network'
  if (input.health === 'offline') return 'offline'
  return input.player
}
