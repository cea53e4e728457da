import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ComponentSchema } from '@keystatic/core';
import { buildSchemas } from '../../src/cli/schema.ts';
import { splitFrontmatter } from '../../src/core/campaign/markdown.ts';
import {
  NOT_EDITED,
  schemaFieldPaths,
  UnsupportedSchemaError,
  type JsonSchemaNode,
} from '../../src/core/editor/fields.ts';
import { pruneEmpty, tidyMarkdownFile, tidyYamlFile } from '../../src/core/editor/tidy.ts';
import { COMMITTED_SCHEMAS, makeEditorConfig, type EditorSchemas } from '../../src/editor/config.ts';
import { parsePageBody, serializePageBody } from '../../src/editor/custom-fields.ts';
import { REQUIRED_SECTIONS } from '../../src/core/campaign/schema/content.ts';

/** Field paths a Keystatic schema has: objects by key, list items as `[]`, every form field a leaf. */
function editorPaths(fields: Record<string, ComponentSchema>, path = ''): string[] {
  return Object.entries(fields).flatMap(([key, field]) => {
    const p = path ? `${path}.${key}` : key;
    return [p, ...below(field, p)];
  });
}
function below(field: ComponentSchema, path: string): string[] {
  if (field.kind === 'object') return editorPaths(field.fields, path);
  if (field.kind === 'array') return below(field.element, `${path}[]`);
  return [];
}

/** Schema paths the editor must cover, less the fields it leaves out on purpose. */
const expected = (schema: JsonSchemaNode) =>
  schemaFieldPaths(schema).filter((p) => !(p.split('.').pop()! in NOT_EDITED));

/** Paths in the schema and not in the editor's collection. */
function uncovered(schemas: EditorSchemas) {
  const c = makeEditorConfig('campaigns', schemas).collections!;
  const paths = (name: string) => new Set(editorPaths(c[name]!.schema));
  return {
    campaign: expected(schemas.campaign).filter((p) => !paths('campaigns').has(p)),
    message: expected(schemas.message).filter((p) => !paths('messages').has(p)),
    content: expected(schemas.content).filter((p) => !paths('page-fr').has(p)),
    claims: expected(schemas.claims!).filter((p) => !paths('claims').has(p)),
  };
}

describe('editor configuration', () => {
  test('every field of the zod schema has an editor field', () => {
    // The zod schema as it is now, not the committed JSON: a field added without `npm run schema` fails here.
    const current = buildSchemas() as unknown as EditorSchemas;
    assert.deepEqual(uncovered(current), { campaign: [], message: [], content: [], claims: [] });
  });

  test('the committed JSON Schemas the editor reads are current (run `npm run schema` when this fails)', () => {
    const current = buildSchemas();
    for (const name of ['campaign', 'message', 'content', 'claims'] as const)
      assert.deepEqual(COMMITTED_SCHEMAS[name], current[name], `schema/${name}.schema.json`);
  });

  test('a field added to the schema appears in the editor, with its help text', () => {
    const schemas = structuredClone(COMMITTED_SCHEMAS);
    const audience = schemas.campaign.properties!['audiences']!.items! as JsonSchemaNode;
    audience.properties!['dialect'] = {
      type: 'string',
      description: 'Local variety of the language.',
      examples: ['Dakar Wolof'],
    };
    assert.deepEqual(uncovered(schemas).campaign, []);
    const audiences = makeEditorConfig('campaigns', schemas).collections!['campaigns']!.schema['audiences']!;
    assert.equal(audiences.kind, 'array');
    const dialect =
      audiences.kind === 'array' && audiences.element.kind === 'object'
        ? audiences.element.fields['dialect']
        : undefined;
    assert.equal(dialect?.kind === 'form' && 'label' in dialect && dialect.label, 'Dialect');
  });

  test('the comparison fails when the editor lacks a field', () => {
    const c = makeEditorConfig('campaigns').collections!;
    const missing = { ...c['campaigns']!.schema };
    delete missing['budget'];
    const gaps = expected(COMMITTED_SCHEMAS.campaign).filter((p) => !new Set(editorPaths(missing)).has(p));
    assert.deepEqual(gaps.slice(0, 3), ['budget', 'budget.amount', 'budget.currency']);
  });

  test('a schema construct the editor cannot show is named by its path', () => {
    const schemas = structuredClone(COMMITTED_SCHEMAS);
    schemas.campaign.properties!['window']!.properties!['days'] = {
      anyOf: [{ type: 'string' }, { type: 'number' }],
    };
    assert.throws(
      () => makeEditorConfig('campaigns', schemas),
      (e: unknown) =>
        e instanceof UnsupportedSchemaError &&
        e.message.startsWith('window.days: the editor has no field for a union'),
    );
  });

  test('help text is the JSDoc description and example', () => {
    const title = makeEditorConfig('campaigns').collections!['campaigns']!.schema['title']!;
    assert.equal(title.kind === 'form' && 'label' in title && title.label, 'Title');
    const input =
      title.kind === 'form'
        ? title.Input({ value: '', onChange: () => {}, autoFocus: false, forceValidation: false })
        : null;
    assert.equal(
      (input?.props as { description?: string } | undefined)?.description,
      'Internal title for the team and the dashboards (readers see the headline of each language). Example: Safe Journeys Senegal 2027',
    );
  });

  test('files go where an author writes them by hand', () => {
    const c = makeEditorConfig('campaigns').collections!;
    assert.deepEqual(
      [c['campaigns']!.path, c['page-wo']!.path, c['messages']!.path, c['message-prs']!.path],
      [
        'campaigns/*/campaign',
        'campaigns/*/wo',
        'campaigns/_messages/*/message',
        'campaigns/_messages/*/prs',
      ],
    );
  });
});

describe('what the editor writes', () => {
  const schema = COMMITTED_SCHEMAS.campaign;
  const cases: { name: string; value: unknown; node: JsonSchemaNode; want: unknown }[] = [
    {
      name: 'an empty optional group goes',
      value: { age: {}, id: 'a' },
      node: schema.properties!['audiences']!.items!,
      want: { id: 'a' },
    },
    {
      name: 'an optional group of empty required parts goes',
      value: { design: 'rct', survey: { wave: {}, items: [] } },
      node: schema.properties!['evaluation']!,
      want: { design: 'rct' },
    },
    {
      name: 'an empty required list stays, for validation to name',
      value: { audiences: [] },
      node: {
        type: 'object',
        properties: { audiences: { type: 'array', items: {} } },
        required: ['audiences'],
      },
      want: { audiences: [] },
    },
    {
      name: 'false and 0 are values',
      value: { example: false, size: 0 },
      node: { type: 'object', properties: { example: { type: 'boolean' }, size: { type: 'integer' } } },
      want: { example: false, size: 0 },
    },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(pruneEmpty(c.value, c.node), c.want));

  test('a saved campaign.yaml keeps its comment lines and short lists on one line', () => {
    const previous = '# yaml-language-server: $schema=../../schema/campaign.schema.json\n# A note.\nid: x\n';
    const written = 'id: x\nlanguages:\n  default: fr\n  published:\n    - fr\n    - en\nmeasures: []\n';
    assert.equal(
      tidyYamlFile(written, schema, previous, '# new\n'),
      '# yaml-language-server: $schema=../../schema/campaign.schema.json\n# A note.\nid: x\nlanguages:\n  default: fr\n  published: [fr, en]\n',
    );
    assert.equal(tidyYamlFile(written, schema, undefined, '# new\n').split('\n')[0], '# new');
  });

  test('front matter is tidied, the body kept', () => {
    const written =
      '---\nheadline: A\nsummary: >-\n  Two\n  lines\nfacts:\n  - One\n---\n## {#reality}\n\nText.\n';
    assert.equal(
      tidyMarkdownFile(written),
      '---\nheadline: A\nsummary: Two lines\nfacts: [One]\n---\n## {#reality}\n\nText.\n',
    );
  });

  test('a page saved with its review and source record left blank has neither (they would not validate)', () => {
    const written =
      '---\nheadline: A\nsummary: B\nshare: C\nfacts:\n  - One\nreview:\n  by: ""\ntranslatedFrom: {}\n---\n## {#reality}\n\nText.\n';
    assert.equal(
      tidyMarkdownFile(written, COMMITTED_SCHEMAS.content),
      '---\nheadline: A\nsummary: B\nshare: C\nfacts: [One]\n---\n## {#reality}\n\nText.\n',
    );
    const reviewed =
      '---\nheadline: A\nsummary: B\nshare: C\nfacts: [One]\nreview:\n  status: reviewed\n  by: Awa\n---\n';
    assert.equal(
      tidyMarkdownFile(reviewed, COMMITTED_SCHEMAS.content),
      '---\nheadline: A\nsummary: B\nshare: C\nfacts: [One]\nreview:\n  status: reviewed\n  by: Awa\n---\n',
    );
  });

  test('every example page survives the section form unchanged', () => {
    for (const id of readdirSync('campaigns').filter((n) => !n.startsWith('_'))) {
      for (const file of readdirSync(join('campaigns', id)).filter((n) => n.endsWith('.md'))) {
        const { body } = splitFrontmatter(readFileSync(join('campaigns', id, file), 'utf8'));
        const again = serializePageBody(parsePageBody(body), REQUIRED_SECTIONS);
        assert.equal(again.trim(), body.trim(), `${id}/${file}`);
      }
    }
  });

  test('a page written in the form loads with its sections', () => {
    const body = parsePageBody('');
    body.intro = 'Hello.';
    body.sections.reality.text = 'Risks.';
    body.sections.alternatives = { heading: 'Other ways', text: '- Work visas.' };
    assert.equal(
      serializePageBody(body, REQUIRED_SECTIONS),
      'Hello.\n\n## {#reality}\n\nRisks.\n\n## Other ways {#alternatives}\n\n- Work visas.\n',
    );
  });
});
