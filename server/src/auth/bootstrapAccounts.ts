import type { Role } from '@shared/roles'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { AccountRepository } from './accountRepository'
import type { AuthService } from './authService'
import { generatePassword } from './passwords'

export interface BootstrapOptions {
  adminPassword: string | null
  demo: boolean
  demoPassword: string | null
  /** Where first-start passwords are shown once; never the log. */
  print: (text: string) => void
}

interface DemoAccount {
  username: string
  displayName: string
  role: Role
  scope?: (reference: ReferenceRepository) => { communityId?: string; unitId?: string; gridId?: string }
}

/** One account per role, so a demo can be walked through from every seat of the center. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'duty', displayName: '值班长', role: 'duty_chief' },
  { username: 'intake', displayName: '受理员', role: 'intake' },
  { username: 'dispatch', displayName: '派遣员', role: 'dispatcher' },
  { username: 'leader', displayName: '街道领导', role: 'leader' },
  {
    username: 'station',
    displayName: '社区站操作员',
    role: 'community_operator',
    scope: (r) => ({ communityId: r.communities()[0]?.id }),
  },
  {
    username: 'unit',
    displayName: '处置单位',
    role: 'unit_handler',
    scope: (r) => ({ unitId: r.units().find((u) => u.kind === 'resident')?.id }),
  },
  {
    username: 'worker',
    displayName: '网格员',
    role: 'grid_worker',
    scope: (r) => {
      const grid = r.grids()[0]
      return { gridId: grid?.id, communityId: grid?.communityId }
    },
  },
]

/**
 * First start only: create `admin` (password from ADMIN_PASSWORD, else generated and shown once)
 * and, in the demo, one account per role. There is no built-in default password.
 */
export async function bootstrapAccounts(
  accounts: AccountRepository,
  auth: AuthService,
  reference: ReferenceRepository,
  options: BootstrapOptions,
): Promise<{ created: string[] }> {
  if (accounts.countUsers() > 0) return { created: [] }
  const created: string[] = []
  const adminPassword = options.adminPassword ?? generatePassword()
  await auth.createUser({ username: 'admin', displayName: '系统管理员', role: 'admin', password: adminPassword })
  created.push('admin')
  const lines = [
    'First start: accounts created. Write these down now; they are not shown again.',
    `  admin  ${options.adminPassword ? '(password from ADMIN_PASSWORD)' : adminPassword}`,
  ]
  if (options.demo) {
    const demoPassword = options.demoPassword ?? generatePassword()
    for (const account of DEMO_ACCOUNTS) {
      const scope = account.scope?.(reference) ?? {}
      await auth.createUser({ ...account, password: demoPassword, ...scope })
      created.push(account.username)
    }
    lines.push(
      `  demo accounts ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}: ${options.demoPassword ? '(password from DEMO_PASSWORD)' : demoPassword}`,
    )
  }
  options.print(lines.join('\n'))
  return { created }
}
