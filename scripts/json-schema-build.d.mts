// Types of json-schema-build.mjs, for the unit test that imports it.
/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = { [keyword: string]: unknown };

/** A zod schema, as far as the tests use it. */
export interface ZodSchema {
  safeParse(value: unknown): { success: boolean };
}

/** The config schemas and zod's `toJSONSchema`, from one bundled copy of zod. */
export interface ConfigSchemaModule {
  getDocumentedSchemas(): { options: ZodSchema; goal: ZodSchema };
  toJSONSchema(schema: unknown, params?: object): JsonSchema;
}

/** JSDoc read from src/schema/types.ts, by interface or type alias name. */
export type TypeDocs = Map<string, unknown>;

export function loadConfigSchemas(root?: string): Promise<ConfigSchemaModule>;
export function readTypeDocs(root?: string): TypeDocs;
export function buildConfigJsonSchema(zod: ConfigSchemaModule, options: { version: string; types?: TypeDocs }): JsonSchema;
export function generateConfigJsonSchema(root?: string): Promise<JsonSchema>;
