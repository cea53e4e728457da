import { mkdirSync, writeFileSync } from 'node:fs';
import { campaignJsonSchemas } from '../core/campaign/json-schema.ts';

/** Writes the JSON Schemas that campaign.yaml and message.yaml point to with `$schema`. */
export function writeSchemas(dir = 'schema'): number {
  mkdirSync(dir, { recursive: true });
  for (const [name, schema] of Object.entries(campaignJsonSchemas())) {
    writeFileSync(`${dir}/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${dir}/${name}.schema.json`);
  }
  return 0;
}
