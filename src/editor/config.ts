// The Keystatic configuration, generated from the campaign JSON Schemas (which `npm run schema`
// writes from the zod schema and its JSDoc). No field is written here by hand: each schema field
// becomes an editor field with its description and example as help (src/core/editor/fields.ts), and
// tests/unit/editor-config.test.ts fails when a schema field has none.
import { config, fields, type Collection, type ComponentSchema } from '@keystatic/core';
import { z } from 'zod';
import campaignSchema from '../../schema/campaign.schema.json' with { type: 'json' };
import claimsSchema from '../../schema/claims.schema.json' with { type: 'json' };
import contentSchema from '../../schema/content.schema.json' with { type: 'json' };
import messageSchema from '../../schema/message.schema.json' with { type: 'json' };
import { MessageFrontmatterSchema, REQUIRED_SECTIONS } from '../core/campaign/schema/content.ts';
import { editorFields, type EditorField, type JsonSchemaNode } from '../core/editor/fields.ts';
import { findLanguage, LANGUAGES } from '../core/i18n/languages.ts';
import {
  choiceField,
  choicesField,
  idField,
  keptField,
  localizedField,
  markdownBodyField,
  pageBodyField,
  scoresField,
  textListField,
} from './custom-fields.ts';

export interface EditorSchemas {
  campaign: JsonSchemaNode;
  content: JsonSchemaNode;
  message: JsonSchemaNode;
  /** The claims log, campaigns/<id>/claims.yaml; absent in schema sets made before it existed. */
  claims?: JsonSchemaNode;
}

/** The JSON Schemas in schema/ as committed (kept current by `npm run schema`; a unit test checks). */
export const COMMITTED_SCHEMAS: EditorSchemas = {
  campaign: campaignSchema as JsonSchemaNode,
  content: contentSchema as JsonSchemaNode,
  message: messageSchema as JsonSchemaNode,
  claims: claimsSchema as JsonSchemaNode,
};

/** A language code reads as its name: "French (fr)"; other choices as they are written. */
const optionLabel = (value: string) => {
  const lang = findLanguage(value);
  return lang ? `${lang.name} (${value})` : value;
};

/** Allows an empty value where the field is optional (Keystatic checks the pattern on '' too). */
const patternOf = (pattern: string, required: boolean, example: string) => ({
  regex: new RegExp(required ? pattern : `(?:^$)|(?:${pattern})`),
  message: example ? `expected something like "${example}"` : `expected the pattern ${pattern}`,
});

/**
 * One Keystatic field per editor field. `written` is false inside an optional group: its fields are
 * then optional in the form (the group may stay empty), and validation names a half-filled group.
 */
export function keystaticField(f: EditorField, written = true): ComponentSchema {
  const required = written && f.required;
  const { label, help: description } = f;
  switch (f.kind) {
    case 'text': {
      const example = /Example: (.*)$/.exec(description)?.[1] ?? '';
      return fields.text({
        label,
        description,
        multiline: f.multiline,
        validation: {
          isRequired: required,
          length: {
            ...(required && f.minLength !== undefined && { min: f.minLength }),
            ...(f.maxLength !== undefined && { max: f.maxLength }),
          },
          ...(f.pattern !== undefined && { pattern: patternOf(f.pattern, required, example) }),
        },
      });
    }
    case 'date':
      return fields.date({ label, description, validation: { isRequired: required } });
    case 'boolean':
      return fields.checkbox({ label, description, defaultValue: f.default });
    case 'integer':
    case 'number': {
      const validation = {
        isRequired: required,
        ...(f.minimum !== undefined && { min: f.minimum }),
        ...(f.maximum !== undefined && { max: f.maximum }),
      };
      const options = {
        label,
        description,
        validation,
        ...(f.default !== undefined && { defaultValue: f.default }),
      };
      return f.kind === 'integer' ? fields.integer(options) : fields.number(options);
    }
    case 'select':
      return choiceField(
        label,
        description,
        f.options.map((value) => ({ value, label: optionLabel(value) })),
        required,
        f.default,
      );
    case 'multiselect':
      return choicesField(
        label,
        description,
        f.options.map((value) => ({ value, label: optionLabel(value) })),
        required ? (f.minItems ?? 0) : 0,
      );
    case 'localized':
      return localizedField(label, description, f.languages, required);
    case 'scores':
      return scoresField(label, description);
    case 'kept':
      return keptField(label, description);
    case 'object':
      return fields.object(Object.fromEntries(f.fields.map((c) => [c.key, keystaticField(c, required)])), {
        label,
        description,
      });
    case 'list': {
      const bounds = {
        ...(required && f.minItems !== undefined && { min: f.minItems }),
        ...(f.maxItems !== undefined && { max: f.maxItems }),
      };
      if (f.item.kind === 'text')
        return textListField(
          label,
          description,
          {
            ...(f.item.pattern !== undefined && { pattern: f.item.pattern }),
            ...(f.item.maxLength !== undefined && { maxLength: f.item.maxLength }),
          },
          bounds,
        );
      const item = keystaticField({ ...f.item, label: `${label}: item` }, true);
      const min = required ? f.minItems : undefined;
      return fields.array(item, {
        label,
        description,
        itemLabel: (props) => itemLabelOf(previewValue(props)),
        ...((min !== undefined || f.maxItems !== undefined) && {
          validation: {
            length: {
              ...(min !== undefined && { min }),
              ...(f.maxItems !== undefined && { max: f.maxItems }),
            },
          },
        }),
      });
    }
  }
}

/**
 * The value behind Keystatic's preview props: a form field's `value`, or an object's `fields`, each
 * read the same way (an object item's props carry no `value` of their own).
 */
function previewValue(props: unknown): unknown {
  const p = props as { value?: unknown; fields?: Record<string, unknown> };
  if (p && typeof p === 'object' && p.fields)
    return Object.fromEntries(Object.entries(p.fields).map(([k, f]) => [k, previewValue(f)]));
  return p?.value;
}

/** A list item's title in the list: its id, name or first text. */
function itemLabelOf(value: unknown): string {
  if (typeof value === 'string') return value || '(empty)';
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    for (const key of ['id', 'name', 'code', 'column', 'currency', 'platform'])
      if (typeof v[key] === 'string' && v[key]) return v[key] as string;
    const first = Object.values(v).find((x) => typeof x === 'string' && x);
    if (first) return first as string;
  }
  return '(new)';
}

function schemaOf(node: JsonSchemaNode, idKey?: string): Record<string, ComponentSchema> {
  return Object.fromEntries(
    editorFields(node).map((f) => {
      if (f.key === idKey && f.kind === 'text')
        return [f.key, idField(f.label, f.help, f.pattern ?? '^[a-z0-9-]+$')];
      return [f.key, keystaticField(f)];
    }),
  );
}

const SECTION_LABELS = {
  intro: {
    label: 'Opening text',
    help: 'A few sentences above the sections: who this page is for and why it matters.',
  },
  reality: {
    label: 'The reality of the journey',
    help: 'What smugglers do not say: the risks, plainly and without scare tactics.',
  },
  testimonies: { label: 'Testimonies', help: 'Real stories, shared with permission (optional).' },
  alternatives: { label: 'Safer alternatives', help: 'The legal and local options that exist, with links.' },
  help: {
    label: 'Where to get help',
    help: 'Who listens, in which languages; the contact points are added below it (optional).',
  },
} as const;

type AnyCollection = Collection<Record<string, ComponentSchema>, string>;
/** Keystatic's `collection()` infers the slug field from a literal schema; ours is generated. */
const collection = (c: AnyCollection) => c;

/** The editor's configuration: campaigns, their page in each language, joint messages and their texts. */
export function makeEditorConfig(campaignsDir: string, schemas: EditorSchemas = COMMITTED_SCHEMAS) {
  const dir = campaignsDir.replace(/\/+$/, '');
  const slugHelp = (what: string) => `The ${what} this text belongs to: the same as its folder name.`;
  const pages = Object.fromEntries(
    LANGUAGES.map((lang) => [
      `page-${lang.code}`,
      collection({
        label: `Pages in ${lang.name}`,
        path: `${dir}/*/${lang.code}`,
        format: { data: 'yaml', contentField: 'body' },
        slugField: 'campaign',
        previewUrl: `/editor/{slug}/#${lang.code}`,
        columns: ['headline'],
        schema: {
          campaign: fields.text({
            label: 'Campaign ID',
            description: slugHelp('campaign'),
            validation: { isRequired: true },
          }),
          ...schemaOf(schemas.content),
          body: pageBodyField(SECTION_LABELS, REQUIRED_SECTIONS),
        },
      }),
    ]),
  );
  const frontmatter = z.toJSONSchema(MessageFrontmatterSchema, { io: 'input' }) as JsonSchemaNode;
  const messageTexts = Object.fromEntries(
    LANGUAGES.map((lang) => [
      `message-${lang.code}`,
      collection({
        label: `Message texts in ${lang.name}`,
        path: `${dir}/_messages/*/${lang.code}`,
        format: { data: 'yaml', contentField: 'body' },
        slugField: 'message',
        columns: ['title'],
        schema: {
          message: fields.text({
            label: 'Message ID',
            description: slugHelp('joint message'),
            validation: { isRequired: true },
          }),
          ...schemaOf(frontmatter),
          body: markdownBodyField(
            'Message text',
            'The agreed wording, in Markdown, as every campaign carrying the message shows it.',
          ),
        },
      }),
    ]),
  );
  const collections: Record<string, AnyCollection> = {
    campaigns: collection({
      label: 'Campaigns',
      path: `${dir}/*/campaign`,
      format: 'yaml',
      slugField: 'id',
      previewUrl: '/editor/{slug}/',
      columns: ['title'],
      schema: schemaOf(schemas.campaign, 'id'),
    }),
    ...pages,
    messages: collection({
      label: 'Joint messages',
      path: `${dir}/_messages/*/message`,
      format: 'yaml',
      slugField: 'id',
      columns: ['title'],
      schema: schemaOf(schemas.message, 'id'),
    }),
    ...messageTexts,
    ...(schemas.claims && {
      // One entry per campaign: its claims.yaml, named by the campaign's folder (the slug is not written).
      claims: collection({
        label: 'Claims logs',
        path: `${dir}/*/claims`,
        format: 'yaml',
        slugField: 'campaign',
        schema: {
          campaign: fields.text({
            label: 'Campaign ID',
            description: slugHelp('campaign'),
            validation: { isRequired: true },
          }),
          ...schemaOf(schemas.claims),
        },
      }),
    }),
  };
  return config({
    storage: { kind: 'local' },
    ui: {
      brand: { name: 'Counterpoint' },
      navigation: {
        Campaigns: ['campaigns', ...Object.keys(pages), ...(schemas.claims ? ['claims'] : [])],
        'Joint messages': ['messages', ...Object.keys(messageTexts)],
      },
    },
    collections,
  });
}
