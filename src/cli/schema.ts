import { mkdirSync, writeFileSync } from 'node:fs';
import { campaignJsonSchemas } from '../core/campaign/json-schema.ts';
import { readSchemaDocs } from './schema-docs.ts';

export const SCHEMA_SOURCES = 'src/core/campaign/schema';

/** The JSON Schemas as written to schema/, with the zod schema's JSDoc as editor help. */
export function buildSchemas(): Record<string, unknown> {
  return campaignJsonSchemas(readSchemaDocs(SCHEMA_SOURCES));
}

/** Writes the JSON Schemas that campaign.yaml and message.yaml point to with `$schema`. */
export function writeSchemas(dir = 'schema'): number {
  mkdirSync(dir, { recursive: true });
  for (const [name, schema] of Object.entries(buildSchemas())) {
    writeFileSync(`${dir}/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${dir}/${name}.schema.json`);
  }
  return 0;
}
