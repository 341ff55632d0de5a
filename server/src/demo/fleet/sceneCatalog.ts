import { createRandom } from '../gulou/random'
import type { SceneDraft } from './sceneModel'
import { junction, market, plaza } from './sceneOverhead'
import { avenue, gate, lane } from './sceneStreets'

/**
 * The demo's street scenes. Each kind comes in a few variants (different buildings, colours and
 * traffic from a different seed), and every camera watches one of them from its own moment in
 * the loop, possibly mirrored, with its own name on screen: see cameraLook.ts.
 */
export const SCENE_KINDS = ['avenue', 'lane', 'junction', 'market', 'gate', 'school', 'plaza'] as const
export type SceneKind = (typeof SCENE_KINDS)[number]

/** Variants per kind: 2 × 7 base loops keeps the first render short and a 36-tile wall varied. */
export const VARIANTS_PER_KIND = 2

export interface SceneRef {
  kind: SceneKind
  variant: number
}

/** Kinds whose picture has no text, so a mirrored copy still looks right. */
export const MIRRORABLE_KINDS: ReadonlySet<SceneKind> = new Set(['junction', 'market', 'plaza'])

export const sceneKey = (s: SceneRef) => `${s.kind}-${s.variant}`

/** Draw a scene; the same kind, variant and loop length always give the same picture. */
export function draftScene(s: SceneRef, loopSeconds: number): SceneDraft {
  const rng = createRandom(hashText(`scene:${sceneKey(s)}`))
  switch (s.kind) {
    case 'avenue':
      return avenue(rng, loopSeconds)
    case 'lane':
      return lane(rng, loopSeconds)
    case 'junction':
      return junction(rng, loopSeconds)
    case 'market':
      return market(rng, loopSeconds)
    case 'gate':
      return gate(rng, loopSeconds, false)
    case 'school':
      return gate(rng, loopSeconds, true)
    case 'plaza':
      return plaza(rng, loopSeconds)
  }
}

/**
 * A stable 32-bit hash, so a camera id always picks the same scene, moment and fate: FNV-1a,
 * then murmur3's finaliser, because FNV's low bits barely mix and `hash % 2` is used as a coin.
 */
export function hashText(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
