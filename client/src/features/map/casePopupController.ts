import { Popup, type Map as MaplibreMap } from 'maplibre-gl'
import type { Case } from '@shared/schemas/case'
import type { WallCamera } from '../../api/reference'
import type { Locale } from '../../i18n'
import { casePopupModel, popupTimeLeft, renderCasePopup, type CasePopupText, type CasePopupView, type PopupActions } from './casePopup'

export interface CasePopupDeps {
  getCase(id: string): Case | undefined
  cameras(): readonly WallCamera[]
  locale(): Locale
  text(): CasePopupText
  actions: PopupActions
  /** Whether the viewer may dispatch this case now. */
  canDispatch(c: Case): boolean
}

export interface CasePopupController {
  open(caseId: string): void
  close(): void
  /** Redraws the content, e.g. after a language switch. */
  refresh(): void
  destroy(): void
}

/**
 * The map's one popup (the only DOM on the map besides the canvas). While open it counts the time
 * left down every second and follows its case: redrawn when the case or the cameras change, closed
 * when the case is no longer open.
 */
export function createCasePopup(map: MaplibreMap, deps: CasePopupDeps): CasePopupController {
  // The map's click handler decides what a click means; the popup must not close itself on the same click.
  const popup = new Popup({ closeButton: true, closeOnClick: false, focusAfterOpen: false, maxWidth: 'none', offset: 14, className: 'case-popup-shell' })
  let caseId: string | null = null
  let shown: { case: Case; cameras: readonly WallCamera[] } | null = null
  let view: CasePopupView | null = null
  let timer: ReturnType<typeof setInterval> | undefined

  popup.on('close', () => {
    caseId = null
    shown = null
    view = null
    clearInterval(timer)
    timer = undefined
  })

  function render(c: Case): void {
    const cameras = deps.cameras()
    const text = deps.text()
    view = renderCasePopup(document, casePopupModel(c, cameras, Date.now(), deps.locale(), text, deps.canDispatch(c)), text, deps.actions)
    shown = { case: c, cameras }
    popup.setLngLat([c.location.lng, c.location.lat]).setDOMContent(view.root)
  }

  function tick(force = false): void {
    if (caseId === null) return
    const c = deps.getCase(caseId)
    if (!c) {
      popup.remove()
      return
    }
    if (force || !shown || shown.case !== c || shown.cameras !== deps.cameras()) render(c)
    else view?.setTimeLeft(popupTimeLeft(c, Date.now(), deps.locale(), deps.text()))
  }

  return {
    open(id) {
      const c = deps.getCase(id)
      if (!c) return
      caseId = id
      render(c)
      if (!popup.isOpen()) popup.addTo(map)
      timer ??= setInterval(() => tick(), 1000)
    },
    close: () => void popup.remove(),
    refresh: () => tick(true),
    destroy() {
      popup.remove()
      clearInterval(timer)
      timer = undefined
    },
  }
}
