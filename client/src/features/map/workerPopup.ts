import { isStalePosition, positionAgeMs, type WorkerPosition } from '@shared/schemas/position'
import type { Locale } from '../../i18n'

/**
 * The words of a worker's popup (issue 16): who, which grid, how old the fix is, and the task.
 * Pure, rendered with `textContent` only; a worker's name is someone's name, never markup.
 */

/** How long ago a fix was taken, in the wall's words: 刚刚, 3 分钟前, 2 小时前. */
export function fixAgeText(ageMs: number, locale: Locale): string {
  const minutes = Math.floor(ageMs / 60_000)
  const hours = Math.floor(minutes / 60)
  if (locale === 'en') return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min ago` : `${hours} h ago`
  return minutes < 1 ? '刚刚' : minutes < 60 ? `${minutes} 分钟前` : `${hours} 小时前`
}

export interface WorkerPopupModel {
  workerId: string
  name: string
  grid: string
  age: string
  stale: boolean
  task: string
}

const WORDS = {
  'zh-CN': { grid: '网格', fix: '定位', stale: '（已超过 5 分钟）', task: '当前任务', noTask: '无', noGrid: '—' },
  en: { grid: 'Grid', fix: 'Fix', stale: ' (over 5 minutes old)', task: 'Task', noTask: 'none', noGrid: '—' },
} as const

export function workerPopupModel(p: WorkerPosition, gridName: string | null, now: number, locale: Locale): WorkerPopupModel {
  const words = WORDS[locale]
  const at = new Date(now)
  return {
    workerId: p.workerId,
    name: p.name,
    grid: gridName ?? p.gridId ?? words.noGrid,
    age: fixAgeText(positionAgeMs(p, at), locale),
    stale: isStalePosition(p, at),
    task: p.task ? `${p.task.code} · ${p.task.title}` : words.noTask,
  }
}

export interface WorkerPopupView {
  root: HTMLElement
  /** Rewrites the age line only (the popup stays open while the fix ages). */
  setAge(model: WorkerPopupModel): void
}

export function renderWorkerPopup(doc: Document, model: WorkerPopupModel, locale: Locale): WorkerPopupView {
  const words = WORDS[locale]
  const root = doc.createElement('div')
  root.className = 'worker-popup'
  root.dataset['testid'] = 'worker-popup'
  root.dataset['workerId'] = model.workerId
  const line = (cls: string, label: string | null, value: string) => {
    const el = doc.createElement('div')
    el.className = `worker-popup__${cls}`
    el.textContent = label ? `${label}：${value}` : value
    root.append(el)
    return el
  }
  line('name', null, model.name).dataset['testid'] = 'worker-popup-name'
  line('grid', words.grid, model.grid)
  const age = line('age', words.fix, '')
  line('task', words.task, model.task).dataset['testid'] = 'worker-popup-task'
  const setAge = (m: WorkerPopupModel) => {
    age.textContent = `${words.fix}：${m.age}${m.stale ? words.stale : ''}`
    age.classList.toggle('worker-popup__age--stale', m.stale)
  }
  setAge(model)
  return { root, setAge }
}
