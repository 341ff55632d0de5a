import { type Fix, useFieldDutyStore } from '../../stores/fieldDuty'
import { postPosition } from './fieldApi'
import { fixOf, startPositionReporter } from './positionReporter'

/** 上班 starts watching the phone's position and reporting it every 30 s; 下班 stops both. */
let reporter: ReturnType<typeof startPositionReporter> | null = null

export function startDuty(): void {
  const duty = useFieldDutyStore()
  if (reporter || !('geolocation' in navigator)) return
  duty.onDuty = true
  reporter = startPositionReporter({
    geolocation: navigator.geolocation,
    post: postPosition,
    online: () => navigator.onLine,
    onFix: (f) => {
      duty.fix = f
      duty.error = null
    },
    onError: (message) => (duty.error = message),
  })
}

export async function stopDuty(): Promise<void> {
  const duty = useFieldDutyStore()
  const r = reporter
  reporter = null
  duty.onDuty = false
  await r?.stop()
}

/** One fix now, for a report made off duty or before the watch has one. */
export function locateOnce(): Promise<Fix> {
  const duty = useFieldDutyStore()
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('no geolocation'))
    navigator.geolocation.getCurrentPosition(
      (p) => {
        duty.fix = fixOf(p)
        resolve(duty.fix)
      },
      (e) => reject(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    )
  })
}
