import net from 'node:net'
import type { StreamQuality } from '@shared/schemas/api'
import type { Camera } from '@shared/schemas/reference'
import type { MediaPlaylist } from '../upstream/hlsPlaylist'
import { createHlsUpstream } from '../upstream/hlsUpstream'
import { REMUX_SCHEMES, UpstreamError, type UpstreamPolicy, upstreamKind } from '../upstream/upstreamPolicy'
import { failureObservation, type HealthObservation } from '../upstream/streamObservation'

export interface ProbeLimits {
  connectTimeoutMs: number
  readTimeoutMs: number
  maxPlaylistBytes: number
}

/** What a media playlist says about liveness: its newest segment, its date-time, its target duration. */
export function playlistObservation(cameraId: string, quality: StreamQuality, p: MediaPlaylist): HealthObservation {
  const newest = p.segments[p.segments.length - 1]
  return {
    kind: 'playlist',
    cameraId,
    quality,
    lastSeq: p.mediaSequence + p.segments.length - 1,
    newestPdtMs: newest?.pdt ?? null,
    newestDurationMs: (newest?.duration ?? 0) * 1000,
    targetDurationMs: p.targetDuration * 1000,
    endList: p.endList,
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'rtsp:': 554, 'rtsps:': 322, 'rtmp:': 1935, 'rtmps:': 443 }

function tcpConnect(url: URL, timeoutMs: number): Promise<void> {
  const port = Number(url.port) || DEFAULT_PORTS[url.protocol] || 0
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port })
    const done = (err?: Error) => {
      socket.destroy()
      if (err) reject(err)
      else resolve()
    }
    socket.setTimeout(timeoutMs, () => done(new UpstreamError('timeout', 'no TCP answer')))
    socket.once('connect', () => done())
    socket.once('error', () => done(new UpstreamError('unreachable', 'TCP connection refused or failed')))
  })
}

/**
 * One light look at a camera nobody is watching: its sub-stream playlist (two small GETs at most,
 * through the same policy and caps as the relay). A camera that is not HLS (RTSP …) gets a TCP
 * connect to its port: enough to tell online from offline without starting a decoder.
 */
export function createCameraProbe(opts: { policy: UpstreamPolicy; limits: ProbeLimits }) {
  return async function probe(camera: Camera, signal?: AbortSignal): Promise<HealthObservation> {
    const quality: StreamQuality = 'sub'
    try {
      const url = new URL(camera.subStream.url)
      const kind = upstreamKind(url)
      if (kind === 'hls') {
        const playlist = await createHlsUpstream({ url: url.href, quality, policy: opts.policy, limits: opts.limits, signal }).loadPlaylist()
        return playlistObservation(camera.id, quality, playlist)
      }
      if (kind === 'remux') {
        opts.policy.check(url, 'camera stream', REMUX_SCHEMES)
        if (url.protocol === 'udp:') return { kind: 'reachable', cameraId: camera.id, quality }
        await tcpConnect(url, opts.limits.connectTimeoutMs)
        return { kind: 'reachable', cameraId: camera.id, quality }
      }
      return { kind: 'failed', cameraId: camera.id, quality, reason: 'unsupported stream URL' }
    } catch (err) {
      return failureObservation(camera.id, quality, err)
    }
  }
}
