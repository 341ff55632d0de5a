import { afterEach, describe, expect, it, vi } from 'vitest'
import { ALARM_TONE, playAlarmTone, setAudioContextFactory, unlockAlarmAudio } from './alarmTone'

/** Just enough of an AudioContext to record what the tone schedules. */
function fakeContext(state: AudioContextState, resumeTo: AudioContextState = state) {
  const started: Array<{ frequency: number; at: number; stop: number }> = []
  const param = () => ({ setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn() })
  const node = () => ({ connect: vi.fn((next: unknown) => next), disconnect: vi.fn() })
  const ctx = {
    state,
    currentTime: 10,
    destination: {},
    resume: vi.fn(async () => {
      ctx.state = resumeTo
    }),
    createGain: () => ({ ...node(), gain: param() }),
    createOscillator: () => {
      let frequency = 0
      let at = 0
      return {
        ...node(),
        type: 'sine',
        onended: null,
        frequency: { ...param(), setValueAtTime: (f: number) => (frequency = f) },
        start: (t: number) => (at = t),
        stop: (t: number) => started.push({ frequency, at, stop: t }),
      }
    },
  }
  return { ctx, started }
}

afterEach(() => setAudioContextFactory(() => null))

describe('alarm tone', () => {
  it('is short: under a second and a half', () => {
    const last = ALARM_TONE.at(-1)
    expect(last && last.start + last.duration).toBeLessThan(1.5)
  })

  it('schedules one oscillator per step when audio is allowed', async () => {
    const { ctx, started } = fakeContext('running')
    setAudioContextFactory(() => ctx as unknown as AudioContext)
    await expect(playAlarmTone()).resolves.toBe('played')
    expect(started.map((s) => s.frequency)).toEqual(ALARM_TONE.map((s) => s.frequency))
    expect(started[0]?.at).toBeGreaterThanOrEqual(10)
  })

  it('says when the browser keeps audio locked, and unlocks on a click', async () => {
    const locked = fakeContext('suspended')
    setAudioContextFactory(() => locked.ctx as unknown as AudioContext)
    await expect(playAlarmTone()).resolves.toBe('blocked')
    expect(locked.started).toHaveLength(0)

    const unlockable = fakeContext('suspended', 'running')
    setAudioContextFactory(() => unlockable.ctx as unknown as AudioContext)
    await expect(unlockAlarmAudio()).resolves.toBe(true)
    await expect(playAlarmTone()).resolves.toBe('played')
  })

  it('is quietly unsupported without WebAudio', async () => {
    setAudioContextFactory(() => null)
    await expect(playAlarmTone()).resolves.toBe('unsupported')
  })
})
