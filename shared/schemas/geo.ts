import { z } from 'zod'

/** [longitude, latitude] in WGS84, as GeoJSON orders them. */
export const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
export type Position = z.infer<typeof Position>

export const LngLat = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})
export type LngLat = z.infer<typeof LngLat>

const LinearRing = z
  .array(Position)
  .min(4)
  .refine((ring) => {
    const first = ring[0]
    const last = ring[ring.length - 1]
    return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]
  }, 'a polygon ring must end where it starts')

export const PolygonGeometry = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(LinearRing).min(1),
})
export type PolygonGeometry = z.infer<typeof PolygonGeometry>

export const LineStringGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2),
})
export type LineStringGeometry = z.infer<typeof LineStringGeometry>

export const PointGeometry = z.object({
  type: z.literal('Point'),
  coordinates: Position,
})
export type PointGeometry = z.infer<typeof PointGeometry>

/** A GeoJSON FeatureCollection whose features carry `properties` of the given schema. */
export function featureCollection<G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) {
  return z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.union([z.string(), z.number()]).optional(),
        geometry,
        properties,
      }),
    ),
  })
}
