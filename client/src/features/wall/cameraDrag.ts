/** The drag payload of a camera, from the camera list (or the map) onto a tile. */
export const CAMERA_DRAG_TYPE = 'application/x-gulou-camera'

export function startCameraDrag(event: DragEvent, cameraId: string): void {
  if (!event.dataTransfer) return
  event.dataTransfer.setData(CAMERA_DRAG_TYPE, cameraId)
  event.dataTransfer.setData('text/plain', cameraId)
  event.dataTransfer.effectAllowed = 'copy'
}

/** The camera id a drop carries, or null for anything else dropped on a tile. */
export function droppedCamera(event: DragEvent): string | null {
  const id = event.dataTransfer?.getData(CAMERA_DRAG_TYPE) ?? ''
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null
}
