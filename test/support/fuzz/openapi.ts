/** The parts of an OpenAPI 3 document the generators read. */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: SchemaObject }> };
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export type BodyKind = 'json' | 'multipart' | 'none';

/** Who an operation lets in, as the router declares it (`@Roles`/`@Public`). */
export type Access = { public: true } | { public: false; subjects: string[] };

/** One operation with its schemas resolved: what the generators need to build requests. */
export interface Operation {
  method: string;
  /** The document's path template, `/api/v1/incidents/{id}`. */
  path: string;
  parameters: ParameterObject[];
  body: { kind: BodyKind; schema?: SchemaObject; required: boolean };
  access: Access;
  /** True where the operation comes from the pages' own list rather than the document. */
  page?: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Replaces every `$ref` (and folds `allOf`) so a schema can be walked without the document. */
export function resolveSchema(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  seen: string[] = [],
): SchemaObject | undefined {
  if (!schema) return undefined;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return { type: 'object' };
    return resolveSchema(doc, doc.components?.schemas?.[name], [...seen, name]);
  }
  if (schema.allOf?.length)
    return schema.allOf
      .map((s) => resolveSchema(doc, s, seen) ?? {})
      .reduce<SchemaObject>(
        (a, s) => ({
          ...a,
          ...s,
          properties: { ...a.properties, ...s.properties },
          required: [...(a.required ?? []), ...(s.required ?? [])],
        }),
        {},
      );
  const out: SchemaObject = { ...schema };
  if (schema.items) out.items = resolveSchema(doc, schema.items, seen);
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, s]) => [k, resolveSchema(doc, s, seen) ?? {}]),
    );
  return out;
}

/** `/api/v1/incidents/{id}` for the router's `/api/v1/incidents/:id`. */
export const templateOf = (routerPath: string) => routerPath.replace(/:(\w+)/g, '{$1}');

/** Every operation of the document, with the access rule the router gives its route. */
export function operationsOf(
  doc: OpenApiDocument,
  accessOf: (method: string, path: string) => Access | undefined,
): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const kind: BodyKind = content['multipart/form-data']
        ? 'multipart'
        : content['application/json']
          ? 'json'
          : 'none';
      const upper = method.toUpperCase();
      const access = accessOf(upper, path);
      if (!access) throw new Error(`${upper} ${path} is documented but no route serves it`);
      operations.push({
        method: upper,
        path,
        parameters: (op.parameters ?? []).map((p) => ({
          ...p,
          schema: resolveSchema(doc, p.schema),
        })),
        body: {
          kind,
          schema: resolveSchema(
            doc,
            content['multipart/form-data']?.schema ?? content['application/json']?.schema,
          ),
          required: Boolean(op.requestBody?.required),
        },
        access,
      });
    }
  return operations;
}

/** The fields a caller fills in: path and query parameters, and every property of the body. */
export function inputFields(op: Operation): number {
  const fields = (schema: SchemaObject | undefined, depth = 0): number => {
    if (!schema || depth > 4) return 0;
    const own = Object.values(schema.properties ?? {});
    return (
      own.length +
      own.reduce((n, s) => n + fields(s, depth + 1), 0) +
      fields(schema.items, depth + 1) +
      (schema.oneOf ?? []).reduce((n, s) => n + fields(s, depth + 1), 0)
    );
  };
  return op.parameters.length + fields(op.body.schema);
}
