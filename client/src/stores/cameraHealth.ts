import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { CAMERA_STATUSES, type CameraStatus, type WallCamera } from '../api/reference'
import { onServerEvent } from '../realtime/socket'
import { useReferenceStore } from './reference'

/**
 * How each camera is doing (online, offline, stalled, unknown): the status the registry was read
 * with, then every `camera:status` push of the fleet health prober. Views that colour a camera read
 * `cameras` here; the registry itself (names, places, streams) stays in the reference store.
 */
export const useCameraHealthStore = defineStore('cameraHealth', () => {
  const reference = useReferenceStore()
  /** Pushed statuses since the registry was last read; a fresh read carries its own. */
  const pushed = shallowRef<ReadonlyMap<string, CameraStatus>>(new Map())
  watch(
    () => reference.cameras,
    () => {
      pushed.value = new Map()
    },
  )

  function statusOf(id: string): CameraStatus {
    return pushed.value.get(id) ?? reference.cameras?.find((c) => c.id === id)?.status ?? 'unknown'
  }

  onServerEvent('camera:status', (change) => {
    if (!reference.cameras?.some((c) => c.id === change.cameraId) || statusOf(change.cameraId) === change.status) return
    pushed.value = new Map(pushed.value).set(change.cameraId, change.status)
  })

  /** The registry with each camera's current status; unchanged cameras keep their object. */
  const cameras = computed<WallCamera[] | null>(() => {
    const list = reference.cameras
    if (!list || pushed.value.size === 0) return list
    return list.map((c) => {
      const status = pushed.value.get(c.id)
      return status && status !== c.status ? { ...c, status } : c
    })
  })

  const counts = computed<Record<CameraStatus, number>>(() => {
    const tally = Object.fromEntries(CAMERA_STATUSES.map((s) => [s, 0])) as Record<CameraStatus, number>
    for (const camera of cameras.value ?? []) tally[camera.status] += 1
    return tally
  })

  return { cameras, counts, statusOf }
})
