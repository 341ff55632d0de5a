import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { visibleTiles } from '@shared/wall/tourSchedule'
import type { WallCommand, WallState } from '@shared/wall/wallState'
import { RealtimeError, isRealtimeConnected, onServerEvent, sendCommand } from '../realtime/socket'
import { useCaseFocusStore } from './caseFocus'
import { scopedWallView, useScopeStore } from './scope'

/**
 * One named wall as the server keeps it: every screen of the wall holds the same state and applies
 * the newest version it is sent. Commands go to the server, never straight into this state, so two
 * screens cannot drift apart. A scoped account's screen (a community station) sees the wall
 * without the alarms of other scopes (scopedWallView).
 */
export const useWallStore = defineStore('wall', () => {
  const name = ref('main')
  /** The newest state the server sent; `state` is it as this screen shows it. */
  const latest = shallowRef<WallState | null>(null)
  const state = computed(() => scopedWallView(latest.value, useScopeStore().showsAlarmOf))
  const error = ref<string | null>(null)
  // Tours advance with time alone: a clock tick recomputes what each tile shows.
  const now = ref(Date.now())
  setInterval(() => (now.value = Date.now()), 1000)

  function accept(next: WallState): void {
    if (next.name !== name.value) return
    if (latest.value && next.version <= latest.value.version && latest.value.name === next.name) return
    const pushed = latest.value && next.focus && next.focus.at !== latest.value.focus?.at ? next.focus.caseId : null
    latest.value = next
    // 推送上墙: a desk pushed a case onto this wall; its map shows it as a click in the feed would.
    if (pushed) useCaseFocusStore().focus(pushed)
  }

  async function watch(): Promise<void> {
    if (!isRealtimeConnected()) return
    try {
      const ack = await sendCommand('wall:watch', { wall: name.value })
      if (ack.ok) {
        // A reconnect may bring an older version than a broadcast seen meanwhile: keep the newest.
        if (!latest.value || ack.data.version >= latest.value.version || latest.value.name !== ack.data.name) latest.value = ack.data
        error.value = null
      } else error.value = ack.message
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    }
  }

  // Every (re)connect starts with a hello: watch again, since rooms do not survive a reconnect.
  onServerEvent('server:hello', () => void watch())
  onServerEvent('wall:state', accept)

  function show(wall: string): void {
    if (wall === name.value && latest.value) return
    name.value = wall
    latest.value = null
    void watch()
  }

  async function command(cmd: WallCommand): Promise<boolean> {
    try {
      const ack = await sendCommand('wall:command', { wall: name.value, command: cmd })
      if (!ack.ok) {
        error.value = ack.message
        return false
      }
      accept(ack.data)
      error.value = null
      return true
    } catch (err) {
      error.value = err instanceof RealtimeError ? err.code : String(err)
      return false
    }
  }

  const tiles = computed(() => (state.value ? visibleTiles(state.value, new Date(now.value)) : []))
  const alarmTiles = computed(() => new Set(state.value?.alarm?.tiles ?? []))
  /** Alarms waiting behind the one on the wall, in the order the server will bring them up. */
  const alarmQueue = computed(() => state.value?.alarmQueue ?? [])

  return { name, state, error, tiles, alarmTiles, alarmQueue, show, command, accept }
})
