/**
 * RFC 4180 CSV: comma separated, CRLF between records, fields quoted when they hold a comma,
 * a quote or a line break, quotes doubled inside quotes. The reader also takes LF line ends
 * and a leading UTF-8 BOM, since spreadsheets write both.
 */

export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quoteField).join(',')).join('\r\n') + '\r\n'
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field
}

export interface CsvRecord {
  /** 1-based line of the file on which the record starts (the header is line 1). */
  line: number
  fields: string[]
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`)
    this.name = 'CsvSyntaxError'
  }
}

/** Records with the line each starts on; blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  const endField = () => {
    fields.push(field)
    field = ''
    quoted = false
  }
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted
    endField()
    if (!blank) records.push({ line: recordLine, fields })
    fields = []
  }
  let i = 0
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '"' && field === '' && !quoted) {
      // A quoted field runs to the next lone quote, line breaks included.
      const openedOn = line
      quoted = true
      i++
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(openedOn, 'a quoted field is never closed')
        const q = src[i]!
        i++
        if (q === '"') {
          if (src[i] !== '"') break
          i++
        } else if (q === '\n') {
          line++
        }
        field += q
      }
      const next = src[i]
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError(line, 'unexpected text after a closing quote')
      }
    } else if (ch === ',') {
      endField()
      i++
    } else if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else if (ch === '"') {
      throw new CsvSyntaxError(line, 'a quote inside an unquoted field')
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || quoted || fields.length > 0) endRecord()
  return records
}
