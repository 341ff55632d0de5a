/** Every room name comes from here so producers and subscribers cannot disagree. */
export const wallRoom = () => 'wall'
export const communityRoom = (communityId: string) => `community:${communityId}`
export const gridRoom = (gridId: string) => `grid:${gridId}`
export const userRoom = (userId: string) => `user:${userId}`
