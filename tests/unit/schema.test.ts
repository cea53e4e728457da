import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildSchemas } from '../../src/cli/schema.ts';

test('the JSON Schemas editors use are up to date with the zod schema (run npm run schema)', () => {
  for (const [name, schema] of Object.entries(buildSchemas())) {
    const committed = JSON.parse(readFileSync(`schema/${name}.schema.json`, 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(schema)), `schema/${name}.schema.json is stale`);
  }
});
