import { describe, expect, it } from 'vitest'
import { changeText, changeTone, countChange, durationText, rateChange } from './briefingWords'

describe('环比 and 同比 in words', () => {
  it('gives a count its difference and percentage, none against no figure or from zero', () => {
    expect(changeText(countChange(120, 100), 'pp')).toBe('+20 (+20.0%)')
    expect(changeText(countChange(90, 100), 'pp')).toBe('−10 (−10.0%)')
    expect(changeText(countChange(5, 0), 'pp')).toBe('+5')
    expect(changeText(countChange(5, null), 'pp')).toBe('—')
    expect(changeText(countChange(1234, 1234), 'pp')).toBe('±0 (±0.0%)')
  })

  it('gives a rate its change in percentage points', () => {
    expect(changeText(rateChange(0.9372, 0.915), '个百分点')).toBe('+2.2 个百分点')
    expect(changeText(rateChange(0.9, 0.95), 'pp')).toBe('−5.0 pp')
    expect(changeText(rateChange(null, 0.95), 'pp')).toBe('—')
  })

  it('colours a rise good for a rate and bad for a count of problems', () => {
    expect(changeTone(rateChange(0.95, 0.9), true)).toBe('good')
    expect(changeTone(countChange(12, 10), false)).toBe('bad')
    expect(changeTone(countChange(8, 10), false)).toBe('good')
    expect(changeTone(countChange(10, 10), false)).toBe('flat')
  })
})

describe('where the time goes', () => {
  it('writes minutes as days and hours, hours and minutes, or minutes', () => {
    const units = { d: '天', h: '小时', m: '分' }
    expect(durationText(40.4, units)).toBe('40分')
    expect(durationText(312, units)).toBe('5小时12分')
    expect(durationText(3060, units)).toBe('2天3小时')
    expect(durationText(null, units)).toBe('—')
  })
})
