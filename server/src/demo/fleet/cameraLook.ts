import { hashText, MIRRORABLE_KINDS, SCENE_KINDS, type SceneKind, type SceneRef, VARIANTS_PER_KIND } from './sceneCatalog'

/** What the fleet needs to know of a camera: the registry's id, its name for the OSD, its site. */
export interface FleetCamera {
  id: string
  name: string
  /** `road`, `junction`, `market`, … from the registry; it chooses what the camera looks at. */
  site?: string | null
}

export interface CameraLook {
  scene: SceneRef
  /** Where in the scene's loop this camera's clip starts, so neighbours do not show one moment. */
  offsetFrames: number
  /** Mirrored left-right (only scenes without text). */
  mirror: boolean
  /** Small exposure and colour differences between cameras. */
  brightness: number
  saturation: number
}

const SITE_SCENES: Record<string, readonly SceneKind[]> = {
  junction: ['junction'],
  market: ['market'],
  school: ['school'],
  community: ['gate'],
  square: ['plaza'],
}

/** A road camera's scene follows the road its name gives: hutongs and estate roads are lanes. */
function roadScenes(name: string): readonly SceneKind[] {
  const road = name.split('-')[0] ?? ''
  if (/胡同|巷|小区/.test(road)) return ['lane']
  if (/大街|街$/.test(road)) return ['avenue']
  return ['avenue', 'avenue', 'avenue', 'lane', 'lane']
}

/** Deterministic from the id (and site): the same camera always shows the same picture. */
export function lookFor(camera: FleetCamera, loopSeconds: number, fps: number): CameraLook {
  const h = (salt: string) => hashText(`${camera.id}:${salt}`)
  const kinds = camera.site === 'road' ? roadScenes(camera.name) : (SITE_SCENES[camera.site ?? ''] ?? SCENE_KINDS)
  const scene: SceneRef = { kind: kinds[h('scene') % kinds.length]!, variant: h('variant') % VARIANTS_PER_KIND }
  return {
    scene,
    offsetFrames: h('offset') % Math.max(1, loopSeconds * fps),
    mirror: MIRRORABLE_KINDS.has(scene.kind) && h('mirror') % 2 === 1,
    brightness: ((h('brightness') % 81) - 40) / 1000,
    saturation: 0.85 + (h('saturation') % 26) / 100,
  }
}
