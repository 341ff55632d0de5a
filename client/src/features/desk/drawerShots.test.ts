import { describe, expect, it } from 'vitest'
import type { CaseEvent } from '@shared/schemas/case'
import type { Evidence } from '@shared/schemas/evidence'
import { caseShots, servedPhoto, stepIndex } from './drawerShots'

const event = (action: CaseEvent['action'], photos: string[], at: string): CaseEvent => ({
  caseId: 'c1',
  action,
  from: null,
  to: 'pending_filing',
  actorId: 'W0001',
  actorRole: 'grid_worker',
  at,
  reason: null,
  notes: null,
  photos,
  assignee: null,
})
const snapshot: Evidence = {
  id: 'ev1',
  caseId: 'c1',
  cameraId: 'cam-7',
  takenAt: '2026-12-01T02:00:00.000Z',
  createdAt: '2026-12-01T02:00:01.000Z',
  createdBy: 'u1',
  mime: 'image/jpeg',
  bytes: 1000,
  sha256: 'a'.repeat(64),
  url: '/api/v1/evidence/ev1',
}

describe('the drawer’s pictures', () => {
  it('shows a field photo uploaded here by its thumbnail, and its watermarked evidence copy in the full view', () => {
    const id = 'ph_0123456789abcdef01234567'
    const [shot] = caseShots([], [event('feedback', [id], '2026-12-01T03:00:00.000Z')])
    expect(shot).toMatchObject({ kind: 'photo', photoId: id, src: `/api/v1/photos/${id}/thumb`, full: `/api/v1/photos/${id}/evidence` })
    expect(caseShots([snapshot], [])[0]).toMatchObject({ photoId: null, full: '/api/v1/evidence/ev1' })
  })

  it('lists snapshots first, then each step’s photos in history order, with who sent them', () => {
    const history = [event('report', ['sim/report-1.jpg'], '2026-12-01T01:00:00.000Z'), event('feedback', ['/photos/a.jpg', 'b.jpg'], '2026-12-01T03:00:00.000Z')]
    const shots = caseShots([snapshot], history)
    expect(shots.map((s) => [s.kind, s.ref, s.src])).toEqual([
      ['evidence', 'cam-7', '/api/v1/evidence/ev1'],
      ['photo', 'sim/report-1.jpg', null],
      ['photo', '/photos/a.jpg', '/photos/a.jpg'],
      ['photo', 'b.jpg', null],
    ])
    expect(shots[2]!.event?.action).toBe('feedback')
    expect(new Set(shots.map((s) => s.key)).size).toBe(4)
  })

  it('loads only pictures this server serves', () => {
    expect(servedPhoto('/api/v1/evidence/x')).toBe('/api/v1/evidence/x')
    expect(servedPhoto('//cdn.example.com/x.jpg')).toBeNull()
    expect(servedPhoto('https://example.com/x.jpg')).toBeNull()
  })

  it('steps through the pictures and wraps round at both ends', () => {
    expect(stepIndex(0, 1, 3)).toBe(1)
    expect(stepIndex(2, 1, 3)).toBe(0)
    expect(stepIndex(0, -1, 3)).toBe(2)
    expect(stepIndex(0, 1, 0)).toBe(0)
  })
})
