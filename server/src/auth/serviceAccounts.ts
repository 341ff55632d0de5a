import type { AccountRepository } from './accountRepository'
import type { AuthService } from './authService'

/**
 * A fresh API token for an integration account of the server's own (the demo simulation), created
 * on first use. Its earlier tokens are dropped: they lived only in a previous process's memory.
 */
export async function ensureServiceToken(accounts: AccountRepository, auth: AuthService, username: string, displayName: string): Promise<string> {
  const user = accounts.userByName(username) ?? (await auth.createUser({ username, displayName, role: 'integration', password: null }))
  if (user.role !== 'integration') throw new Error(`the account "${username}" exists and is not an integration; rename it to let the simulation run`)
  accounts.deleteCredentialsOf('user', user.id)
  return auth.issueApiToken(user.id, 365 * 86_400_000)
}
