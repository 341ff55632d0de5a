import type { Role } from '@shared/roles'
import type { AccountRepository } from './accountRepository'

/** A person an integration may name in `X-On-Behalf-Of`. */
export interface Person {
  id: string
  role: Role
  /** A registry grid worker's handset (workers.csv), recorded with what the gateway reports for them. */
  terminalId?: string | null
}

export type PersonLookup = { ok: true; person: Person } | { ok: false; reason: string }

/**
 * The people of the center an integration may act for: an account (by id or username) that is not
 * disabled and holds the role named, or a grid worker of the territory's registry (workers.csv),
 * whom the terminals' gateway signs in itself. Anyone else does not exist here, whatever the
 * caller writes, and a case history never shows a name nobody can trace.
 */
export interface PersonDirectory {
  find(role: Role, id: string): PersonLookup
}

export function createPersonDirectory(deps: { accounts: Pick<AccountRepository, 'userById' | 'userByName'>; worker: (id: string) => { id: string; terminalId?: string | null } | null }): PersonDirectory {
  return {
    find(role, id) {
      // An account by id or by username (ids are UUIDs, usernames start with a letter and are shorter: they cannot meet).
      const account = deps.accounts.userById(id) ?? deps.accounts.userByName(id)
      if (account) {
        if (account.disabled) return { ok: false, reason: `the account ${id} is disabled` }
        if (account.role !== role) return { ok: false, reason: `${id} holds the role ${account.role}, not ${role}` }
        return { ok: true, person: { id: account.id, role } }
      }
      const worker = role === 'grid_worker' ? deps.worker(id) : null
      if (worker) return { ok: true, person: { id, role, terminalId: worker.terminalId ?? null } }
      const where = role === 'grid_worker' ? 'an account (id or username) or a grid worker of the registry' : 'an account by its id or username'
      return { ok: false, reason: `no ${role} "${id}" here: name ${where}` }
    },
  }
}
