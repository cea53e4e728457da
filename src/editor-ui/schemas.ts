import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/compileSchemaValidators';
import { campaignJsonSchemas } from '../core/campaign/json-schema.ts';
import { REQUIRED_SECTIONS, SECTIONS } from '../core/campaign/schema/content.ts';

type JsonSchema = Record<string, unknown>;

/** Fields the editor never shows: bookkeeping kept in the files (fingerprints, the editor hint, the example flag). */
const HIDDEN_CAMPAIGN = ['$schema', 'example', 'review'];

/**
 * The JSON Schemas the editor's forms are drawn from: the same zod schemas `npm run schema` writes,
 * without their developer help (JSON examples, file paths; the editor's words are `editor.` keys) and
 * without the fields authors never type. A page is its front matter's texts, its introduction and one
 * field per section (its heading, empty for the usual one, and its text): no Markdown heading syntax.
 */
export function editorFormSchemas(): { campaign: JsonSchema; content: JsonSchema } {
  const all = campaignJsonSchemas() as Record<string, JsonSchema>;
  const campaign = structuredClone(all['campaign']!);
  delete campaign['$schema'];
  const props = campaign['properties'] as Record<string, unknown>;
  for (const k of HIDDEN_CAMPAIGN) delete props[k];
  markUnique(campaign);
  const content = structuredClone(all['content']!);
  const cprops = content['properties'] as Record<string, JsonSchema>;
  return {
    campaign,
    content: {
      type: 'object',
      properties: {
        headline: cprops['headline'],
        summary: cprops['summary'],
        share: cprops['share'],
        facts: cprops['facts'],
        intro: { type: 'string' },
        ...Object.fromEntries(
          SECTIONS.flatMap((id) => [
            [`${id}Heading`, { type: 'string' }],
            [id, { type: 'string' }],
          ]),
        ),
      },
      required: ['headline', 'summary', 'share', 'facts', ...REQUIRED_SECTIONS],
    },
  };
}

/**
 * A list of choices holds each choice once: marked so the form draws it as a row of tick boxes rather
 * than a list of drop-downs (the campaign loader reads the same list either way).
 */
function markUnique(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const n = node as JsonSchema;
  if (n['type'] === 'array' && Array.isArray((n['items'] as JsonSchema | undefined)?.['enum']))
    n['uniqueItems'] = true;
  for (const v of Object.values(n)) {
    if (Array.isArray(v)) v.forEach(markUnique);
    else markUnique(v);
  }
}

/**
 * The module the editor's browser code imports (`virtual:counterpoint/editor-forms`): the form schemas
 * and their validators compiled to plain functions at build time (ajv's standalone code, as
 * @rjsf/validator-ajv8's precompiled validator takes them), so the browser never compiles code at run
 * time and the editor runs under a CSP without 'unsafe-eval'.
 */
export function editorFormsModule(): string {
  const schemas = editorFormSchemas();
  const parts = Object.entries(schemas).map(([name, schema]) => {
    const code = compileSchemaValidatorsCode(schema as never, {});
    return `const ${name}Validators = (function (require) { const exports = {}; ${code}\n; return exports; })(shim);\nexport const ${name}Schema = ${JSON.stringify(schema)};\nexport { ${name}Validators };`;
  });
  return [
    "import { fullFormats } from 'ajv-formats/dist/formats.js';",
    // ajv's runtime helper, the length of a string in code points (what maxLength counts).
    'function ucs2length(s) { let n = 0; for (const _ of s) n++; return n; }',
    "const shim = (m) => m.startsWith('ajv-formats') ? { fullFormats } : { default: ucs2length };",
    ...parts,
  ].join('\n');
}
