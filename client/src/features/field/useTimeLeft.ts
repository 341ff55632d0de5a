import { useI18n } from 'vue-i18n'
import type { Case } from '@shared/schemas/case'
import { splitDuration, timeLeftMs } from './taskOrder'

/** "剩余 2小时5分" / "超期 1天3小时" for a case at `now`. */
export function useTimeLeft() {
  const { t } = useI18n()
  const words = (ms: number) => {
    const { days, hours, minutes } = splitDuration(ms)
    const parts = days > 0 ? [t('field.duration.d', { n: days }), t('field.duration.h', { n: hours })] : [hours > 0 ? t('field.duration.h', { n: hours }) : '', t('field.duration.m', { n: minutes })]
    return parts.join('').trim()
  }
  return (c: Pick<Case, 'deadline' | 'remainingMs'>, now: number): { text: string; late: boolean } => {
    const ms = timeLeftMs(c, now)
    if (ms === null) return { text: t('field.tasks.untimed'), late: false }
    return ms < 0 ? { text: t('field.tasks.late', { t: words(ms) }), late: true } : { text: t('field.tasks.left', { t: words(ms) }), late: false }
  }
}
