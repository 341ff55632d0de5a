/**
 * The alarm's sound: a short two-tone chime made with WebAudio, so there is no audio file to
 * ship or fail to load. Browsers keep audio locked until the page has had a click; a kiosk can
 * lift that (Chrome `--autoplay-policy=no-user-gesture-required`), otherwise the banner asks.
 */
export interface ToneStep {
  /** Hz */
  frequency: number
  /** Seconds from the start of the tone. */
  start: number
  duration: number
}

/** Hi-lo twice, under a second and a half: noticed across the room, over before it annoys. */
export const ALARM_TONE: readonly ToneStep[] = [
  { frequency: 880, start: 0, duration: 0.18 },
  { frequency: 660, start: 0.24, duration: 0.18 },
  { frequency: 880, start: 0.6, duration: 0.18 },
  { frequency: 660, start: 0.84, duration: 0.18 },
]

export type ToneResult = 'played' | 'blocked' | 'unsupported'

type ContextFactory = () => AudioContext | null

const browserContext: ContextFactory = () => {
  const Ctor = globalThis.AudioContext as typeof AudioContext | undefined
  return Ctor ? new Ctor() : null
}

let shared: AudioContext | null = null
let createContext: ContextFactory = browserContext

/** Tests pass a fake AudioContext factory. */
export function setAudioContextFactory(factory: ContextFactory): void {
  shared = null
  createContext = factory
}

function context(): AudioContext | null {
  shared ??= createContext()
  return shared
}

/** resume() can stay pending until a click when audio is locked; do not wait for it forever. */
async function resumed(ctx: AudioContext): Promise<boolean> {
  if (ctx.state === 'running') return true
  await Promise.race([ctx.resume().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 300))])
  return (ctx.state as AudioContextState) === 'running'
}

export async function playAlarmTone(steps: readonly ToneStep[] = ALARM_TONE, volume = 0.2): Promise<ToneResult> {
  const ctx = context()
  if (!ctx) return 'unsupported'
  if (!(await resumed(ctx))) return 'blocked'
  const t0 = ctx.currentTime + 0.02
  for (const step of steps) {
    const start = t0 + step.start
    const end = start + step.duration
    const oscillator = ctx.createOscillator()
    const gain = ctx.createGain()
    oscillator.type = 'square'
    oscillator.frequency.setValueAtTime(step.frequency, start)
    // Short ramps in and out: a square wave switched on and off hard clicks.
    gain.gain.setValueAtTime(0, start)
    gain.gain.linearRampToValueAtTime(volume, start + 0.015)
    gain.gain.setValueAtTime(volume, end - 0.03)
    gain.gain.linearRampToValueAtTime(0, end)
    oscillator.connect(gain).connect(ctx.destination)
    oscillator.onended = () => {
      oscillator.disconnect()
      gain.disconnect()
    }
    oscillator.start(start)
    oscillator.stop(end + 0.02)
  }
  return 'played'
}

/** Call from a click: unlocks audio for the rest of the session. */
export function unlockAlarmAudio(): Promise<boolean> {
  const ctx = context()
  return ctx ? resumed(ctx) : Promise.resolve(false)
}
