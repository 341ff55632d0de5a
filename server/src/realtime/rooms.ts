/** Every room name comes from here so producers and subscribers cannot disagree. */

/** Every signed-in watcher: street-wide pushes (camera health, KPIs, the demo's progress). */
export const wallRoom = () => 'wall'
/** Sockets that see every case: the street center's desks and the wall displays. */
export const allCasesRoom = () => 'cases:all'
export const communityRoom = (communityId: string) => `community:${communityId}`
export const gridRoom = (gridId: string) => `grid:${gridId}`
export const unitRoom = (unitId: string) => `unit:${unitId}`
/** One principal's sockets, so signing it out or revoking a display closes them at once. */
export const principalRoom = (principalId: string) => `principal:${principalId}`
/** Sockets whose role may see where field workers are (`positions:read`): positions are personal data. */
export const positionsRoom = () => 'positions'
