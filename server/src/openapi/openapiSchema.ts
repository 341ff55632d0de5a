import { z } from 'zod'

export type JsonSchema = Record<string, unknown>

/**
 * A zod schema as OpenAPI 3.0 JSON Schema. In 3.0, `nullable: true` does not widen an `enum`: the
 * enum must list `null` itself (OAS 3.0.3, "nullable"), or a strict validator refuses every null
 * the API really sends. zod leaves it out, so it is added here, once for every schema.
 */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema
  return withNullInNullableEnums(rest) as JsonSchema
}

/** Keywords that hold values, not schemas: copied as they are. */
const VALUE_KEYWORDS = new Set(['enum', 'default', 'example', 'examples', 'const', 'required'])
/** Keywords whose keys are names (a property called `enum` is still a schema). */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions'])

/**
 * A record keyed by an enum (`byState`: a count for every state) comes out as `required` keys with
 * no `properties`; naming each key as a property says the same and lets readers see the keys.
 */
function withRecordKeysNamed(node: JsonSchema): JsonSchema {
  const { required, additionalProperties, properties } = node
  if (properties !== undefined || !Array.isArray(required) || !additionalProperties || typeof additionalProperties !== 'object') return node
  return { ...node, properties: Object.fromEntries(required.map((key) => [String(key), additionalProperties])) }
}

function withNullInNullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullInNullableEnums)
  if (node === null || typeof node !== 'object') return node
  const out: JsonSchema = {}
  for (const [key, value] of Object.entries(node)) {
    if (VALUE_KEYWORDS.has(key)) out[key] = value
    else if (NAMED_SCHEMAS.has(key) && value && typeof value === 'object') out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, withNullInNullableEnums(s)]))
    else out[key] = withNullInNullableEnums(value)
  }
  if (out['nullable'] === true && Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null]
  return withRecordKeysNamed(out)
}
