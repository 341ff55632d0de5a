import { describe, expect, it } from 'vitest'
import { CreateCaseBody } from '@shared/schemas/caseApi'
import { ageOf, defaultTitle, descriptionWithChannel, E_NANNY_LINE, fieldErrorsOfIssues, fieldErrorsOfRefusal, sourceOfChannel } from './intakeDraft'

describe('the channel of a call', () => {
  it('files an electronic-nanny call as a hotline case with the channel as its first line', () => {
    expect(sourceOfChannel('e_nanny')).toBe('hotline')
    expect(sourceOfChannel('hotline')).toBe('hotline')
    expect(sourceOfChannel('walk_in')).toBe('walk_in')
    expect(descriptionWithChannel('e_nanny', ' 老人说楼道灯不亮 ')).toBe(`${E_NANNY_LINE}\n老人说楼道灯不亮`)
    expect(descriptionWithChannel('e_nanny', '')).toBe('来电渠道：电子保姆')
    expect(descriptionWithChannel('hotline', ' 井盖响 ')).toBe('井盖响')
    expect(descriptionWithChannel('walk_in', '')).toBe('')
  })
})

describe('the default title', () => {
  it('says what and where, whichever is known', () => {
    expect(defaultTitle('井盖破损', '鼓楼东大街')).toBe('井盖破损 · 鼓楼东大街')
    expect(defaultTitle('井盖破损', null)).toBe('井盖破损')
    expect(defaultTitle(null, '鼓楼东大街')).toBe('鼓楼东大街')
    expect(defaultTitle(null, ' ')).toBe('')
  })
})

describe('where a refusal shows in the form', () => {
  it('puts the schema’s own issues on their fields, first one each', () => {
    const parsed = CreateCaseBody.safeParse({ source: 'hotline', categoryCode: 'C0101', title: '', location: { lng: 116.8, lat: 40.3 }, reporterPhone: '12ab' })
    expect(parsed.success).toBe(false)
    const errors = fieldErrorsOfIssues(parsed.error!.issues)
    expect(Object.keys(errors).sort()).toEqual(['reporterPhone', 'title'])
    expect(errors.reporterPhone).toBe('a phone number is 7-12 digits')
  })

  it('reads the server’s 422s by field, and leaves other refusals to the form', () => {
    expect(fieldErrorsOfRefusal('VALIDATION_FAILED', 'invalid body: title: Too small; reporterPhone: a phone number is 7-12 digits')).toEqual({
      title: 'Too small',
      reporterPhone: 'a phone number is 7-12 digits',
    })
    expect(fieldErrorsOfRefusal('VALIDATION_FAILED', 'duplicateOf: case x is not an open case')).toEqual({ duplicateOf: 'case x is not an open case' })
    expect(fieldErrorsOfRefusal('OUTSIDE_STREET', 'not in the grids')).toEqual({ location: 'not in the grids' })
    expect(fieldErrorsOfRefusal('UNKNOWN_CATEGORY', 'no category')).toEqual({ categoryCode: 'no category' })
    expect(fieldErrorsOfRefusal('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 letters')).toBeNull()
    expect(fieldErrorsOfRefusal('RATE_LIMITED', 'slow down')).toBeNull()
  })
})

describe('the age of a possible duplicate', () => {
  it('is in minutes under an hour, then in whole hours', () => {
    const now = Date.parse('2026-12-04T10:00:00Z')
    expect(ageOf('2026-12-04T09:58:30Z', now)).toEqual({ unit: 'minutes', n: 1 })
    expect(ageOf('2026-12-04T09:00:01Z', now)).toEqual({ unit: 'minutes', n: 59 })
    expect(ageOf('2026-12-01T10:30:00Z', now)).toEqual({ unit: 'hours', n: 71 })
    expect(ageOf('2026-12-04T10:00:05Z', now)).toEqual({ unit: 'minutes', n: 0 })
  })
})
