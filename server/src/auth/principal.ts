import type { Role } from '@shared/roles'

/** Who is asking: a person, a wall display, or an integration acting for a person. */
export interface Principal {
  kind: 'user' | 'display'
  id: string
  /** Login name for people, display name for walls; never a personal phone or password. */
  name: string
  role: Role
  /** Scope narrows what a scoped role sees: its community, its unit, its grid. */
  communityId: string | null
  unitId: string | null
  gridId: string | null
  /** The wall a display shows, e.g. "main". */
  wall: string | null
  /**
   * The handset of a terminal session (POST /auth/terminal), from the 360-terminal registry: each
   * report made through it records this id. Null for every other way of signing in.
   */
  terminalId: string | null
}
