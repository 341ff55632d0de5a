import { PhotoReceipt } from '@shared/schemas/photo'
import { getJson, type RequestOptions } from './http'

export type { PhotoReceipt } from '@shared/schemas/photo'

/** A field photo's receipt: its flags (gallery, far, no time or place) are what a checker weighs. */
export const getPhotoReceipt = (id: string, o?: RequestOptions) => getJson(`/photos/${encodeURIComponent(id)}`, PhotoReceipt, o)
