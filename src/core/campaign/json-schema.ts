import { z } from 'zod';
import * as schemas from './schema/index.ts';

export interface FieldDoc {
  description?: string;
  examples?: unknown[];
}

/** Schema variable names per object shape (by its field names: refinements clone the shape object). */
function shapeNames(): Map<unknown, string[]> {
  const names = new Map<unknown, string[]>();
  for (const [name, value] of Object.entries(schemas)) {
    const def = (value as { _zod?: { def?: { type?: string; shape?: unknown } } })?._zod?.def;
    if (def?.type === 'object') {
      const key = Object.keys(def.shape as object).join(',');
      names.set(key, [...(names.get(key) ?? []), name]);
    }
  }
  return names;
}

/**
 * JSON Schemas for editors (YAML language servers read `# yaml-language-server: $schema=…`).
 * They describe what authors write (`io: 'input'`), so fields with defaults are optional. `docs`
 * (field descriptions and examples read from the schema's JSDoc) become hover help.
 */
export function campaignJsonSchemas(
  docs: Map<string, Map<string, FieldDoc>> = new Map(),
): Record<string, unknown> {
  const names = shapeNames();
  const override = (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
    const def = (ctx.zodSchema as { _zod: { def: { type: string; shape?: unknown } } })._zod.def;
    if (def.type !== 'object') return;
    const fields = (names.get(Object.keys(def.shape as object).join(',')) ?? [])
      .map((n) => docs.get(n))
      .find(Boolean);
    const properties = ctx.jsonSchema['properties'] as Record<string, Record<string, unknown>> | undefined;
    if (!fields || !properties) return;
    for (const [key, doc] of fields) {
      const prop = properties[key];
      // A copy: zod shares one JSON object between every use of the same field schema (SlugSchema…).
      if (prop) properties[key] = { ...prop, ...doc };
    }
  };
  const opts = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12', override } as const;
  return {
    campaign: z.toJSONSchema(schemas.CampaignSchema, opts),
    message: z.toJSONSchema(schemas.MessageSchema, opts),
    content: z.toJSONSchema(schemas.ContentFrontmatterSchema, opts),
    claims: z.toJSONSchema(schemas.ClaimsFileSchema, opts),
  };
}
