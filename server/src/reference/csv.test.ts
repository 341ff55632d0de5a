import { describe, expect, it } from 'vitest'
import { CsvSyntaxError, formatCsv, parseCsv } from './csv'

describe('CSV (RFC 4180)', () => {
  it('round-trips commas, quotes, line breaks, Chinese text and empty fields', () => {
    const rows = [
      ['id', 'name', 'note'],
      ['CAM001', '鼓楼东大街-路口-01', ''],
      ['CAM002', 'say "hi", then go', 'two\r\nlines'],
      ['', '', ''],
      ['x', 'lone\nLF', ' padded '],
    ]
    const text = formatCsv(rows)
    expect(text).toContain('"say ""hi"", then go"')
    expect(text.endsWith('\r\n')).toBe(true)
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows)
  })

  it('reports the line each record starts on, counting line breaks inside quotes', () => {
    const records = parseCsv('a,b\r\n"1\r\nstill 1",x\r\n\r\n2,y\r\n')
    expect(records.map((r) => r.line)).toEqual([1, 2, 5])
  })

  it('accepts LF line ends, a BOM and a missing final line break, and skips blank lines', () => {
    const records = parseCsv('\uFEFFa,b\n1,2\n\n3,4')
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', '4'] },
    ])
    expect(parseCsv('"",\n').map((r) => r.fields)).toEqual([['', '']])
    expect(parseCsv('""\n').map((r) => r.fields)).toEqual([['']])
  })

  it('refuses an unclosed quote, text after a closing quote and a stray quote, naming the line', () => {
    const fails = (text: string) => {
      try {
        parseCsv(text)
      } catch (err) {
        expect(err).toBeInstanceOf(CsvSyntaxError)
        return err as CsvSyntaxError
      }
      throw new Error('expected a syntax error')
    }
    expect(fails('a,b\n1,"open\n').line).toBe(2)
    expect(fails('a,b\n1,2\n"x"y,3\n')).toMatchObject({ line: 3, problem: expect.stringContaining('closing quote') })
    expect(fails('a,b\nx"y,1\n')).toMatchObject({ line: 2, problem: expect.stringContaining('quote') })
  })
})
