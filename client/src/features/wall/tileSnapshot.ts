/**
 * A still of what a tile shows, at the video's own resolution (not the tile's), as a JPEG. The
 * relay serves video from our own origin, so the canvas is not tainted and can be read.
 */
export async function snapshotVideo(video: HTMLVideoElement): Promise<Blob> {
  if (video.videoWidth === 0 || video.videoHeight === 0) throw new Error('no picture yet')
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth
  canvas.height = video.videoHeight
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas')
  ctx.drawImage(video, 0, 0)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/jpeg', 0.9))
}

/** Saves a blob as a file on this PC, named by camera and time. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export const snapshotFileName = (cameraId: string, at: Date) => `${cameraId}-${at.toISOString().replace(/[:.]/g, '-')}.jpg`
