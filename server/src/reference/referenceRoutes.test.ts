import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CameraList, CommunityCollection, GridCollection, RoadCollection, StreetCollection, WorkerPage } from '@shared/schemas/api'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

const get = async (path: string) => {
  const res = await fetch(`${t.url}${path}`, { headers: await t.authHeaders() })
  return { status: res.status, body: (await res.json()) as unknown }
}

describe('read API on the Gulou Street demo', () => {
  it('serves the street, 28 communities and 64 grids as GeoJSON', async () => {
    const street = StreetCollection.parse((await get('/api/v1/street')).body)
    expect(street.features).toHaveLength(1)
    expect(street.features[0]?.properties.name).toContain('鼓楼')
    const communities = CommunityCollection.parse((await get('/api/v1/communities')).body)
    expect(communities.features).toHaveLength(28)
    const grids = GridCollection.parse((await get('/api/v1/grids')).body)
    expect(grids.features).toHaveLength(64)
    const communityIds = new Set(communities.features.map((f) => f.properties.id))
    for (const g of grids.features) expect(communityIds.has(g.properties.communityId)).toBe(true)
  })

  it('serves 562 cameras without their upstream URLs', async () => {
    const { body } = await get('/api/v1/cameras')
    expect(JSON.stringify(body)).not.toMatch(/m3u8|rtsp:|mainStream|subStream/)
    const cameras = CameraList.parse(body)
    expect(cameras.items).toHaveLength(562)
    expect(new Set(cameras.items.map((c) => c.id)).size).toBe(562)
  })

  it('filters cameras by grid', async () => {
    const all = CameraList.parse((await get('/api/v1/cameras')).body).items
    const gridId = all[0]?.gridId ?? ''
    const some = CameraList.parse((await get(`/api/v1/cameras?gridId=${gridId}`)).body).items
    expect(some.length).toBe(all.filter((c) => c.gridId === gridId).length)
    expect(some.every((c) => c.gridId === gridId)).toBe(true)
  })

  it('serves roads with the named main streets', async () => {
    const roads = RoadCollection.parse((await get('/api/v1/roads')).body)
    const names = roads.features.map((f) => f.properties.name)
    expect(names).toEqual(expect.arrayContaining(['鼓楼东大街', '鼓楼西大街']))
  })

  it('pages through all 1,416 workers with the cursor, each exactly once', async () => {
    const seen = new Set<string>()
    let cursor: string | null = null
    let pages = 0
    do {
      const page: WorkerPage = WorkerPage.parse((await get(`/api/v1/workers?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body)
      expect(page.total).toBe(1416)
      for (const w of page.items) seen.add(w.id)
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(pages).toBe(3)
    expect(seen.size).toBe(1416)
  })

  it('lists units, teams and categories', async () => {
    const units = (await get('/api/v1/units')).body as { items: { kind: string }[] }
    expect(units.items.filter((u) => u.kind !== 'street_department')).toHaveLength(19)
    const teams = (await get('/api/v1/teams')).body as { items: unknown[] }
    expect(teams.items).toHaveLength(202)
    const categories = (await get('/api/v1/categories')).body as { items: unknown[] }
    expect(categories.items.length).toBeGreaterThan(20)
  })

  it('answers bad input with a 4xx naming the problem', async () => {
    const badLimit = await get('/api/v1/workers?limit=0')
    expect(badLimit.status).toBe(422)
    expect(badLimit.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('limit') } })
    const badCursor = await get('/api/v1/workers?cursor=../../etc')
    expect(badCursor.status).toBe(422)
    const badGrid = await get('/api/v1/cameras?gridId=%3Cscript%3E')
    expect(badGrid.status).toBe(422)
    const unknown = await get('/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ error: { code: 'NOT_FOUND' } })
  })

  it('reports health with what the store holds', async () => {
    const { status, body } = await get('/api/v1/health')
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', reference: { grid: 64, community: 28, camera: 562, worker: 1416 } })
  })
})
