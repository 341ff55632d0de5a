import { createI18n } from 'vue-i18n'
import en from './en'
import zhCN, { type MessageSchema } from './zh-CN'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'

const STORAGE_KEY = 'wall.locale'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value)
}

/** The locale the wall was last switched to on this machine, so a reload keeps the operator's choice. */
function storedLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    return isLocale(saved) ? saved : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
})

/** Switches the UI language, remembers it and keeps <html lang> and the tab title in step. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  applyDocumentLocale(locale)
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // Storage can be disabled on kiosk profiles; the choice then lasts until reload.
  }
}

export function applyDocumentLocale(locale: Locale): void {
  document.documentElement.lang = locale
  document.title = i18n.global.t('app.title')
}
