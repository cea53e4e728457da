/**
 * Editor fields derived from the campaign JSON Schemas (`schema/*.schema.json`, written by `npm run
 * schema` from the zod schema and its JSDoc). CMS-neutral: `src/editor/` turns these into one
 * particular CMS's fields. Nothing here is written by hand per field, so a field added to the zod
 * schema appears in the editor with its description and example as help text.
 */

/** A JSON Schema node as `z.toJSONSchema` writes it (only what the walker reads). */
export interface JsonSchemaNode {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: readonly unknown[];
  anyOf?: readonly JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  examples?: readonly unknown[];
}

interface FieldBase {
  /** Property name in the file. */
  key: string;
  /** Path as errors print it, with `[]` for list items: `audiences[].age.min`. */
  path: string;
  label: string;
  /** The schema's description and first example, for the editor's help text. */
  help: string;
  /** The file must have it (required and without a default) wherever its parent is written. */
  required: boolean;
}

export type EditorField = FieldBase &
  (
    | { kind: 'text'; multiline: boolean; pattern?: string; minLength?: number; maxLength?: number }
    | { kind: 'date' }
    | { kind: 'boolean'; default: boolean }
    | { kind: 'integer' | 'number'; minimum?: number; maximum?: number; default?: number }
    | { kind: 'select'; options: string[]; default?: string }
    | { kind: 'multiselect'; options: string[]; minItems?: number }
    /** Text given once, or per language (`LocalizedTextSchema`). */
    | { kind: 'localized'; languages: string[] }
    /** A map of free keys to numbers (answer → score). */
    | { kind: 'scores' }
    /**
     * A map of free keys to texts that a command writes, not an author (the source fingerprints of a
     * translation): shown, and kept on save as it was.
     */
    | { kind: 'kept' }
    | { kind: 'object'; fields: EditorField[] }
    | { kind: 'list'; item: EditorField; minItems?: number; maxItems?: number }
  );

/** Fields that exist in the schema but have no place in the editor, each with the reason. */
export const NOT_EDITED: Readonly<Record<string, string>> = {
  $schema: 'a pointer for text editors (YAML language server); the editor keeps the comment line instead',
};

/** A schema construct the editor cannot show; names the field so the schema or the walker can be fixed. */
export class UnsupportedSchemaError extends Error {
  constructor(path: string, what: string) {
    super(`${path || '(root)'}: the editor has no field for ${what}; add it to src/core/editor/fields.ts`);
    this.name = 'UnsupportedSchemaError';
  }
}

/** "contactPoints" → "Contact points", "respondentsPerCluster" → "Respondents per cluster". */
export function labelOf(key: string): string {
  if (key === 'id') return 'ID';
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function exampleText(example: unknown): string {
  if (typeof example === 'string') return example;
  if (Array.isArray(example) && example.every((x) => typeof x === 'string')) return example.join(', ');
  return JSON.stringify(example);
}

/** Description, then "Example: …" from the first JSDoc @example. */
export function helpOf(node: JsonSchemaNode): string {
  const description = (node.description ?? '').replace(/\s*\n\s*/g, ' ').trim();
  const example = node.examples?.length ? `Example: ${exampleText(node.examples[0])}` : '';
  return [description, example].filter(Boolean).join(' ');
}

const isStringEnum = (n: JsonSchemaNode | undefined): n is JsonSchemaNode & { enum: string[] } =>
  !!n?.enum && n.enum.every((v) => typeof v === 'string');

/** `LocalizedTextSchema`: a string, or an object keyed by language codes with string values. */
function localizedLanguages(node: JsonSchemaNode): string[] | undefined {
  const [a, b] = node.anyOf ?? [];
  if (node.anyOf?.length !== 2 || a?.type !== 'string') return undefined;
  if (b?.type !== 'object' || !isStringEnum(b.propertyNames)) return undefined;
  const values = b.additionalProperties;
  return typeof values === 'object' && values.type === 'string' ? b.propertyNames.enum : undefined;
}

function walk(key: string, path: string, node: JsonSchemaNode, required: boolean): EditorField {
  const base: FieldBase = {
    key,
    path,
    label: labelOf(key),
    help: helpOf(node),
    required: required && node.default === undefined,
  };
  if (node.anyOf) {
    const languages = localizedLanguages(node);
    if (languages) return { ...base, kind: 'localized', languages };
    throw new UnsupportedSchemaError(path, 'a union of other types than "text, or text per language"');
  }
  if (isStringEnum(node)) {
    return {
      ...base,
      kind: 'select',
      options: node.enum,
      ...(typeof node.default === 'string' && { default: node.default }),
    };
  }
  switch (node.type) {
    case 'string':
      if (node.format === 'date') return { ...base, kind: 'date' };
      return {
        ...base,
        kind: 'text',
        multiline: key === 'description' || (node.maxLength ?? 0) > 120,
        ...(node.pattern !== undefined && { pattern: node.pattern }),
        ...(node.minLength !== undefined && { minLength: node.minLength }),
        ...(node.maxLength !== undefined && { maxLength: node.maxLength }),
      };
    case 'boolean':
      return { ...base, kind: 'boolean', default: node.default === true };
    case 'integer':
    case 'number':
      return {
        ...base,
        kind: node.type,
        ...(node.minimum !== undefined && { minimum: node.minimum }),
        ...(node.maximum !== undefined && { maximum: node.maximum }),
        ...(typeof node.default === 'number' && { default: node.default }),
      };
    case 'array': {
      if (!node.items) throw new UnsupportedSchemaError(path, 'a list without an item type');
      const bounds = {
        ...(node.minItems !== undefined && { minItems: node.minItems }),
        ...(node.maxItems !== undefined && { maxItems: node.maxItems }),
      };
      if (isStringEnum(node.items))
        return {
          ...base,
          kind: 'multiselect',
          options: node.items.enum,
          ...(node.minItems !== undefined && { minItems: node.minItems }),
        };
      return { ...base, kind: 'list', item: walk(key, `${path}[]`, node.items, true), ...bounds };
    }
    case 'object': {
      if (node.properties) return { ...base, kind: 'object', fields: objectFields(node, path) };
      const values = node.additionalProperties;
      if (typeof values === 'object' && values.type === 'number') return { ...base, kind: 'scores' };
      if (typeof values === 'object' && values.type === 'string') return { ...base, kind: 'kept' };
      throw new UnsupportedSchemaError(path, 'a map of free keys to anything but numbers');
    }
    default:
      throw new UnsupportedSchemaError(path, `a value of type ${JSON.stringify(node.type ?? 'any')}`);
  }
}

function objectFields(node: JsonSchemaNode, parent: string): EditorField[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {})
    .filter(([key]) => !(key in NOT_EDITED))
    .map(([key, child]) => walk(key, parent ? `${parent}.${key}` : key, child, required.has(key)));
}

/** The editor fields of a file described by a root JSON Schema object. */
export function editorFields(schema: JsonSchemaNode): EditorField[] {
  if (schema.type !== 'object' || !schema.properties)
    throw new UnsupportedSchemaError('', 'a file that is not an object of fields');
  return objectFields(schema, '');
}

/**
 * Every field path a schema has, to compare with what an editor configuration covers. A text-or-per-
 * language value and an answer-score map count as one field each (the editor shows each as one).
 */
export function schemaFieldPaths(node: JsonSchemaNode, path = ''): string[] {
  if (node.type === 'object' && node.properties) {
    return Object.entries(node.properties).flatMap(([key, child]) => {
      const p = path ? `${path}.${key}` : key;
      return [p, ...schemaFieldPaths(child, p)];
    });
  }
  if (node.type === 'array' && node.items && !isStringEnum(node.items))
    return schemaFieldPaths(node.items, `${path}[]`);
  return [];
}
