import { z } from 'zod'

/**
 * Roles of the center (docs/domain.md); `wall_display` is the read-only identity of a wall PC and
 * `integration` a system that reports and acts for the people it has signed in itself (the handheld
 * terminals' gateway, the 96156 hotline system, the district platform, the demo simulation).
 */
export const Role = z.enum([
  'admin',
  'duty_chief',
  'intake',
  'dispatcher',
  'leader',
  'community_operator',
  'unit_handler',
  'grid_worker',
  'wall_display',
  'integration',
])
export type Role = z.infer<typeof Role>

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  duty_chief: { zh: '值班长', en: 'Duty chief' },
  intake: { zh: '受理员', en: 'Intake operator' },
  dispatcher: { zh: '派遣员', en: 'Dispatcher' },
  leader: { zh: '领导', en: 'Leader' },
  community_operator: { zh: '社区站操作员', en: 'Community station operator' },
  unit_handler: { zh: '处置单位', en: 'Unit handler' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  wall_display: { zh: '大屏显示终端', en: 'Wall display' },
  integration: { zh: '系统接入', en: 'Integration' },
}
