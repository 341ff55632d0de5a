import { StreamLink, StreamQuality } from '@shared/schemas/api'
import { getJson, type RequestOptions } from './http'

/**
 * The wall asks the relay for a camera by id and quality, never by upstream URL: the answer is a
 * signed playlist URL on our own server (`/relay/…`) and when its signature stops being accepted
 * (the player renews it before then). A tile plays the sub stream; the main stream is for a tile
 * that fills a large part of the wall.
 */
export { StreamLink, StreamQuality }
export type StreamGrant = StreamLink

export function requestCameraStream(cameraId: string, quality: StreamQuality, options?: RequestOptions): Promise<StreamGrant> {
  const path = `/cameras/${encodeURIComponent(cameraId)}/stream?quality=${quality}`
  return getJson(path, StreamLink, options)
}
