import { describe, expect, it } from 'vitest'
import { indexCategories, rememberChoice, searchCategories } from './categorySearch'

const categories = [
  { code: 'C0101', name: '井盖破损', nameEn: 'Damaged manhole cover', majorName: '公用设施' },
  { code: 'C0102', name: '井盖缺失', nameEn: 'Missing manhole cover', majorName: '公用设施' },
  { code: 'C0201', name: '路灯不亮', nameEn: 'Street light out', majorName: '公用设施' },
  { code: 'E0101', name: '乱堆物料', nameEn: 'Materials dumped', majorName: '市容环境' },
  { code: 'E0102', name: '暴露垃圾', nameEn: 'Exposed rubbish', majorName: '市容环境' },
  { code: 'C0301', name: '行道树倒伏', nameEn: 'Fallen street tree', majorName: '园林绿化' },
]
const index = indexCategories(categories)
const codes = (q: string, recent: string[] = []) => searchCategories(index, q, recent).map((c) => c.code)

describe('category search', () => {
  it('finds a category by pinyin initials: jg → 井盖', () => {
    expect(codes('jg')).toEqual(['C0101', 'C0102'])
    expect(codes('jgqs')).toEqual(['C0102'])
    expect(codes('JG')).toEqual(['C0101', 'C0102'])
  })

  it('finds by Chinese words, whole pinyin, code and English', () => {
    expect(codes('垃圾')).toEqual(['E0102'])
    expect(codes('ludeng')).toEqual(['C0201'])
    expect(codes('c0201')).toEqual(['C0201'])
    expect(codes('manhole')).toEqual(['C0101', 'C0102'])
  })

  it('reads a polyphone in context: 行道树 is hang, not xing', () => {
    expect(codes('hds')).toEqual(['C0301'])
    expect(codes('xds')).toEqual([])
  })

  it('puts recent choices first, and ahead of an equal match', () => {
    expect(codes('', ['E0102', 'C0201']).slice(0, 3)).toEqual(['E0102', 'C0201', 'C0101'])
    expect(codes('jg', ['C0102'])).toEqual(['C0102', 'C0101'])
  })

  it('keeps a short recent list, most recent first, each once', () => {
    expect(rememberChoice(['a', 'b', 'c'], 'b')).toEqual(['b', 'a', 'c'])
    expect(rememberChoice(['a', 'b'], 'z', 2)).toEqual(['z', 'a'])
  })
})
