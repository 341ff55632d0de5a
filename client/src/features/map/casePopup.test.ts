import { describe, expect, it, vi } from 'vitest'
import type { WallCamera } from '../../api/reference'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { cameras } from '../../testing/referenceFixtures'
import { casePopupModel, renderCasePopup, type CasePopupText, type PopupDocument } from './casePopup'

/** Just enough DOM to build the popup, with no way to parse HTML: `innerHTML` throws. */
class FakeNode {
  className = ''
  textContent: string | null = null
  readonly children: FakeNode[] = []
  readonly attributes = new Map<string, string>()
  readonly listeners = new Map<string, () => void>()
  constructor(readonly tagName: string) {}
  append(...nodes: FakeNode[]) {
    this.children.push(...nodes)
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value)
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener)
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML must not be used')
  }
  find(predicate: (n: FakeNode) => boolean): FakeNode[] {
    return [...(predicate(this) ? [this] : []), ...this.children.flatMap((c) => c.find(predicate))]
  }
  text(): string {
    return [this.textContent ?? '', ...this.children.map((c) => c.text())].join(' ')
  }
}
const fakeDocument = { createElement: (tag: string) => new FakeNode(tag.toUpperCase()) } as unknown as PopupDocument

const text: CasePopupText = {
  urgent: '紧急',
  overdue: '超期',
  atRisk: '临期',
  address: '地址',
  state: '状态',
  source: '来源',
  timeLeft: '时限',
  nearest: '附近探头',
  noCameras: '无探头',
  allToWall: '全部上墙',
  toSelected: '放入选中画面',
  dispatch: '派遣…',
  meters: (m) => `${m} 米`,
  timeLeftText: (kind, time) => `${kind}:${time}`,
}

const NOW = Date.parse('2026-03-02T03:00:00.000Z')
const hostile = '<img src=x onerror=alert(1)>'
const fleet: WallCamera[] = [...cameras, { ...(cameras[0] as WallCamera), id: 'cam9', name: hostile, location: { lng: 116.8401, lat: 40.3801 } }]

function sampleCase() {
  return makeCase('7', {
    title: hostile,
    address: '鼓楼东大街 <b>1</b> 号',
    urgent: true,
    state: 'dispatched',
    source: 'hotline',
    deadline: '2026-03-02T05:30:00.000Z',
    location: { lng: 116.84, lat: 40.38 },
  })
}

describe('the case popup', () => {
  it('shows code, title, address, state, source and time left', () => {
    const model = casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text)
    expect(model).toMatchObject({ code: 'GL-20260302-0007', title: hostile, state: '待处置', source: '96156热线', urgent: true })
    expect(model.timeLeft).toEqual({ text: 'left:2小时30分', level: 'ok' })
    expect(casePopupModel(sampleCase(), fleet, NOW, 'en', text).state).toBe('Dispatched')
  })

  it('lists the nearest cameras within reach, nearest first', () => {
    const model = casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text)
    expect(model.cameras.map((c) => c.id)).toEqual(['cam9'])
    expect(model.cameras[0]?.meters).toBeLessThan(20)
  })

  it('puts user text in as text, never as markup', () => {
    const model = casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text)
    const view = renderCasePopup(fakeDocument, model, text, { showAll: vi.fn(), showOne: vi.fn() })
    const root = view.root as unknown as FakeNode
    const title = root.find((n) => n.tagName === 'H3')[0]
    expect(title?.textContent).toBe(hostile)
    expect(title?.children).toEqual([])
    expect(root.find((n) => n.tagName === 'IMG' || n.tagName === 'B')).toEqual([])
    expect(root.text()).toContain('鼓楼东大街 <b>1</b> 号')
  })

  it('puts one camera in the selected tile, or all of them on the wall', () => {
    const showAll = vi.fn()
    const showOne = vi.fn()
    const near = { ...casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text) }
    near.cameras = [
      { id: 'cam9', name: 'A', status: 'online', meters: 5 },
      { id: 'cam1', name: 'B', status: 'offline', meters: 90 },
    ]
    const root = renderCasePopup(fakeDocument, near, text, { showAll, showOne }).root as unknown as FakeNode
    const buttons = root.find((n) => n.attributes.get('data-testid') === 'popup-camera')
    expect(buttons.map((b) => b.attributes.get('data-camera-id'))).toEqual(['cam9', 'cam1'])
    buttons[1]?.listeners.get('click')?.()
    expect(showOne).toHaveBeenCalledWith('cam1')
    root.find((n) => n.attributes.get('data-testid') === 'popup-all-cameras')[0]?.listeners.get('click')?.()
    expect(showAll).toHaveBeenCalledWith(['cam9', 'cam1'])
  })

  it('lists the cameras without buttons for someone who may not change the wall', () => {
    const near = { ...casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text), cameras: [{ id: 'cam9', name: 'A', status: 'online' as const, meters: 5 }] }
    const root = renderCasePopup(fakeDocument, near, text, {}).root as unknown as FakeNode
    expect(root.find((n) => n.attributes.get('data-testid') === 'popup-camera').map((n) => [n.tagName, n.listeners.size])).toEqual([['SPAN', 0]])
    expect(root.find((n) => n.tagName === 'BUTTON')).toEqual([])
    expect(root.text()).toContain('A')
  })

  it('offers dispatch only when the viewer may dispatch the case, and opens it for that case', () => {
    const dispatch = vi.fn()
    const actions = { showAll: vi.fn(), showOne: vi.fn(), dispatch }
    const find = (canDispatch: boolean) =>
      (renderCasePopup(fakeDocument, casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text, canDispatch), text, actions).root as unknown as FakeNode).find(
        (n) => n.attributes.get('data-testid') === 'popup-dispatch',
      )
    expect(find(false)).toEqual([])
    const [button] = find(true)
    expect(button?.textContent).toBe('派遣…')
    button?.listeners.get('click')?.()
    expect(dispatch).toHaveBeenCalledWith(sampleCase().id)
  })

  it('says so when no camera is near, and updates the countdown in place', () => {
    const model = { ...casePopupModel(sampleCase(), fleet, NOW, 'zh-CN', text), cameras: [] }
    const view = renderCasePopup(fakeDocument, model, text, { showAll: vi.fn(), showOne: vi.fn() })
    const root = view.root as unknown as FakeNode
    expect(root.text()).toContain('无探头')
    view.setTimeLeft({ text: 'overdue:5分钟', level: 'late' })
    const left = root.find((n) => n.className === 'case-popup__left')[0]
    expect(left?.textContent).toBe('overdue:5分钟')
    expect(left?.attributes.get('data-level')).toBe('late')
  })
})
