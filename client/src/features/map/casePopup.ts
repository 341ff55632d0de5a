import { SOURCE_LABELS, STATE_LABELS } from '@shared/labels'
import type { Case } from '@shared/schemas/case'
import type { CameraStatus, WallCamera } from '../../api/reference'
import type { Locale } from '../../i18n'
import { isAtRisk, isOverdue } from '@shared/rules/caseLateness'
import { formatDuration, labelOf, timeLeft, type TimeLeftKind, type TimeLeftLevel } from '../cases/caseFormat'
import { camerasNear } from './cameraSelection'

/** The words of the popup, already in the wall's language. */
export interface CasePopupText {
  urgent: string
  overdue: string
  atRisk: string
  address: string
  state: string
  source: string
  timeLeft: string
  nearest: string
  noCameras: string
  allToWall: string
  toSelected: string
  dispatch: string
  meters(distance: number): string
  /** "2小时 left" and the like; `duration` is already formatted. */
  timeLeftText(kind: TimeLeftKind, duration: string): string
}

export interface PopupCamera {
  id: string
  name: string
  status: CameraStatus
  meters: number
}

/** Everything the popup shows, as plain strings: it is rendered with `textContent` only. */
export interface CasePopupModel {
  caseId: string
  code: string
  title: string
  address: string
  state: string
  source: string
  urgent: boolean
  overdue: boolean
  atRisk: boolean
  timeLeft: { text: string; level: TimeLeftLevel }
  cameras: PopupCamera[]
  /** The viewer may dispatch this case now (the shared state machine says so for their role). */
  canDispatch: boolean
}

export function popupTimeLeft(c: Case, now: number, locale: Locale, text: CasePopupText): CasePopupModel['timeLeft'] {
  const left = timeLeft(c, now)
  return { text: text.timeLeftText(left.kind, left.ms === null ? '' : formatDuration(left.ms, locale)), level: left.level }
}

export function casePopupModel(
  c: Case,
  cameras: readonly WallCamera[],
  now: number,
  locale: Locale,
  text: CasePopupText,
  canDispatch = false,
): CasePopupModel {
  const byId = new Map(cameras.map((camera) => [camera.id, camera]))
  return {
    caseId: c.id,
    code: c.code,
    title: c.title,
    address: c.address,
    state: labelOf(STATE_LABELS[c.state], locale),
    source: labelOf(SOURCE_LABELS[c.source], locale),
    urgent: c.urgent,
    overdue: isOverdue(c),
    atRisk: isAtRisk(c),
    timeLeft: popupTimeLeft(c, now, locale, text),
    cameras: camerasNear(cameras, c.location).flatMap((ranked) => {
      const camera = byId.get(ranked.id)
      return camera ? [{ id: camera.id, name: camera.name, status: camera.status, meters: Math.round(ranked.distanceMeters) }] : []
    }),
    canDispatch,
  }
}

/** What the popup's buttons do; a button whose action is left out is not shown (the role may not do it). */
export interface PopupActions {
  /** Fill the wall with these cameras, in this order. */
  showAll?(cameraIds: string[]): void
  /** Put one camera into the wall's selected tile. */
  showOne?(cameraId: string): void
  /** Open the dispatch dialog for this case. */
  dispatch?(caseId: string): void
}

export interface CasePopupView {
  root: HTMLElement
  setTimeLeft(value: CasePopupModel['timeLeft']): void
}

/** Only `createElement`: the tests hand in a stand-in document. */
export type PopupDocument = Pick<Document, 'createElement'>

/**
 * The popup's content as DOM nodes. Titles, addresses and camera names come from users and the
 * registry, so every string goes in through `textContent`; nothing here parses HTML.
 */
export function renderCasePopup(doc: PopupDocument, model: CasePopupModel, text: CasePopupText, actions: PopupActions): CasePopupView {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag)
    node.className = className
    if (content !== undefined) node.textContent = content
    return node
  }

  const root = el('div', 'case-popup')
  root.setAttribute('data-testid', 'case-popup')
  root.setAttribute('data-case-id', model.caseId)

  const head = el('div', 'case-popup__head')
  head.append(el('span', 'case-popup__code', model.code))
  if (model.urgent) head.append(el('span', 'case-popup__flag case-popup__flag--urgent', text.urgent))
  if (model.overdue) head.append(el('span', 'case-popup__flag case-popup__flag--overdue', text.overdue))
  else if (model.atRisk) head.append(el('span', 'case-popup__flag case-popup__flag--risk', text.atRisk))
  root.append(head, el('h3', 'case-popup__title', model.title))

  const facts = el('dl', 'case-popup__facts')
  // Address and time left take a row each; state and source share one (the popup must fit a small map).
  const fact = (kind: string, term: string, value: string) => {
    const row = el('div', `case-popup__fact case-popup__fact--${kind}`)
    const dd = el('dd', '', value)
    row.append(el('dt', '', term), dd)
    facts.append(row)
    return dd
  }
  fact('wide', text.address, model.address)
  fact('half', text.state, model.state)
  fact('half', text.source, model.source)
  const left = fact('wide', text.timeLeft, model.timeLeft.text)
  left.className = 'case-popup__left'
  left.setAttribute('data-level', model.timeLeft.level)
  root.append(facts)
  const openDispatch = actions.dispatch
  if (model.canDispatch && openDispatch) {
    const button = el('button', 'case-popup__dispatch button-primary', text.dispatch)
    button.setAttribute('type', 'button')
    button.setAttribute('data-testid', 'popup-dispatch')
    button.addEventListener('click', () => openDispatch(model.caseId))
    root.append(button)
  }

  root.append(el('h4', 'case-popup__subtitle', text.nearest))
  if (model.cameras.length === 0) {
    root.append(el('p', 'case-popup__none', text.noCameras))
  } else {
    const list = el('ul', 'case-popup__cameras')
    const { showOne, showAll } = actions
    for (const camera of model.cameras) {
      // Someone who may not change the wall reads the cameras: a list, not buttons.
      const entry = el(showOne ? 'button' : 'span', 'case-popup__camera')
      if (showOne) {
        entry.setAttribute('type', 'button')
        entry.setAttribute('title', text.toSelected)
        entry.addEventListener('click', () => showOne(camera.id))
      }
      entry.setAttribute('data-testid', 'popup-camera')
      entry.setAttribute('data-camera-id', camera.id)
      const dot = el('span', 'case-popup__dot')
      dot.setAttribute('data-status', camera.status)
      entry.append(dot, el('span', 'case-popup__name', camera.name), el('span', 'case-popup__distance', text.meters(camera.meters)))
      const item = el('li', '')
      item.append(entry)
      list.append(item)
    }
    root.append(list)
    if (showAll) {
      const all = el('button', 'case-popup__all', text.allToWall)
      all.setAttribute('type', 'button')
      all.setAttribute('data-testid', 'popup-all-cameras')
      all.addEventListener('click', () => showAll(model.cameras.map((c) => c.id)))
      root.append(all)
    }
  }

  return {
    root,
    setTimeLeft(value) {
      left.textContent = value.text
      left.setAttribute('data-level', value.level)
    },
  }
}
