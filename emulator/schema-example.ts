type Schema = Record<string, unknown>;

const MAX_DEPTH = 12;

const asSchema = (value: unknown): Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Schema) : {};

/** `#/$defs/x` or `#/definitions/x` inside the root schema. */
function resolveRef(root: Schema, ref: string): Schema {
  let node: unknown = root;
  for (const part of ref.replace(/^#\/?/, "").split("/")) {
    if (part === "") continue;
    node = asSchema(node)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return asSchema(node);
}

/** A string that satisfies the usual formats and length bounds. */
function exampleString(schema: Schema, name: string): string {
  const formats: Record<string, string> = {
    "date-time": "2025-06-02T10:41:07Z",
    date: "2025-06-02",
    time: "10:41:07",
    email: "ada@example.com",
    uri: "https://example.com",
    url: "https://example.com",
    uuid: "123e4567-e89b-42d3-a456-426614174000",
    hostname: "example.com",
    ipv4: "192.0.2.1",
  };
  let text = formats[String(schema.format)] ?? (name ? `${name} example` : "example");
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  while (text.length < min) text += "x";
  return text.slice(0, max);
}

function exampleNumber(schema: Schema, integer: boolean): number {
  const low = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const exclusiveLow = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const high = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const exclusiveHigh = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  let value = low ?? (exclusiveLow !== undefined ? exclusiveLow + 1 : 1);
  if (high !== undefined && value > high) value = high;
  if (exclusiveHigh !== undefined && value >= exclusiveHigh) value = exclusiveHigh - 1;
  return integer ? Math.ceil(value) : value;
}

function example(root: Schema, schema: Schema, name: string, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === "string") return example(root, resolveRef(root, schema.$ref), name, depth + 1);
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("default" in schema) return schema.default;
  for (const key of ["anyOf", "oneOf"]) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      // A non-null alternative reads better than null (`z.string().nullable()`).
      const chosen = options.map(asSchema).find((o) => o.type !== "null") ?? asSchema(options[0]);
      return example(root, chosen, name, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged = Object.assign({}, ...schema.allOf.map(asSchema), { allOf: undefined });
    return example(root, merged, name, depth + 1);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== "null") ?? type[0];
  if (type === undefined) type = schema.properties ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "object": {
      const properties = asSchema(schema.properties);
      const object: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(properties)) {
        object[key] = example(root, asSchema(value), key, depth + 1);
      }
      return object;
    }
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 1;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 1);
      const count = Math.min(Math.max(min, 1), max);
      if (Array.isArray(schema.prefixItems)) {
        return schema.prefixItems.map((item, i) => example(root, asSchema(item), `${name}${i}`, depth + 1));
      }
      return Array.from({ length: count }, () => example(root, asSchema(schema.items), name, depth + 1));
    }
    case "integer":
      return exampleNumber(schema, true);
    case "number":
      return exampleNumber(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return exampleString(schema, name);
  }
}

/**
 * A value that validates against a JSON schema, as a model constrained by Ollama's `format` would
 * produce one: every property filled (required or not), the first enum value, bounds respected,
 * `$ref`s to `$defs`/`definitions` followed, the first non-null alternative of `anyOf`/`oneOf`.
 * Deterministic: the same schema always gives the same value.
 */
export function exampleFromSchema({ schema }: { schema: unknown }): unknown {
  const root = asSchema(schema);
  return example(root, root, "", 0);
}
