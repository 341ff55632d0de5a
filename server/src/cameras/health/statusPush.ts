import type { WallServer } from '../../realtime/socketServer'
import { wallRoom } from '../../realtime/rooms'
import type { CameraHealth } from './cameraHealthStore'

/** Every status change goes to the wall room as `camera:status`; returns the unsubscribe. */
export function pushCameraStatus(io: WallServer, health: CameraHealth): () => void {
  return health.onChange((change) => {
    io.to(wallRoom()).emit('camera:status', change)
  })
}
