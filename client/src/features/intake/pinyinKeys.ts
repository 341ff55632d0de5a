import { pinyin } from 'pinyin-pro'

/**
 * The keys an operator types for a Chinese name: its syllables' first letters (井盖破损 → jgps) and
 * its whole pinyin without tones (jinggaiposun), lower case, other characters left out. pinyin-pro
 * reads polyphones in context (行道树 → hang).
 */
const keys = (text: string, pattern: 'first' | 'pinyin') => pinyin(text, { pattern, toneType: 'none', type: 'array', nonZh: 'removed', v: true }).join('').toLowerCase()

export const initialsOf = (text: string) => keys(text, 'first')
export const spelledOf = (text: string) => keys(text, 'pinyin')
