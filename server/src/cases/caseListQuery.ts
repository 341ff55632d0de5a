import type { CaseFilter } from './caseRepository'

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** The SQL and parameters of one page of the case list: newest first, keyset-paged after (createdAt, id). */
export function listQuery(filter: CaseFilter, page: { after: { createdAt: string; id: string } | null; limit: number }): { sql: string; params: Record<string, unknown> } {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: page.limit }
  const states: string[] = filter.state ?? []
  if (states.length) {
    where.push(`state IN (${states.map((_s, i) => `@state${i}`).join(', ')})`)
    states.forEach((s, i) => (params[`state${i}`] = s))
  }
  const equal = (column: string, name: string, value: unknown) => {
    if (value === undefined) return
    where.push(`${column} = @${name}`)
    params[name] = typeof value === 'boolean' ? Number(value) : value
  }
  equal('grid_id', 'gridId', filter.gridId)
  equal('community_id', 'communityId', filter.communityId)
  equal('category_code', 'categoryCode', filter.categoryCode)
  equal('source', 'source', filter.source)
  equal('assignee_id', 'unit', filter.unit)
  equal('overdue', 'overdue', filter.overdue)
  equal('at_risk', 'atRisk', filter.atRisk)
  if (filter.from) {
    where.push('created_at >= @from')
    params['from'] = new Date(filter.from).toISOString()
  }
  if (filter.to) {
    where.push('created_at < @to')
    params['to'] = new Date(filter.to).toISOString()
  }
  if (filter.q) {
    where.push("search LIKE @q ESCAPE '\\'")
    params['q'] = `%${escapeLike(filter.q.toLowerCase())}%`
  }
  if (page.after) {
    where.push('(created_at, id) < (@afterCreatedAt, @afterId)')
    params['afterCreatedAt'] = page.after.createdAt
    params['afterId'] = page.after.id
  }
  const sql = `SELECT data FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT @limit`
  return { sql, params }
}
