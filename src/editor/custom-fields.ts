// Keystatic fields for what its built-in ones cannot write the way an author does by hand: text once
// or per language, answer scores, a campaign id that is both the folder name and the `id:` field, an
// optional choice, and a page body kept as the `## Heading {#section}` Markdown the loader reads.
// Plain TypeScript with createElement (no JSX), so the unit tests load the same config under Node.
import { fields, type BasicFormField, type ContentFormField, type SlugFormField } from '@keystatic/core';
import { Flex } from '@keystar/ui/layout';
import { TextArea, TextField } from '@keystar/ui/text-field';
import { Heading, Text } from '@keystar/ui/typography';
import { createElement as h, type ReactElement } from 'react';
import { SECTIONS, type SectionId } from '../core/campaign/schema/content.ts';
import { getLanguage } from '../core/i18n/languages.ts';

/** Thrown from `validate`; Keystatic shows the message beside the field and refuses to save. */
const invalid = (message: string): never => {
  throw new Error(message);
};

/**
 * The campaign (or message) id: the folder name and the `id:` line at once. Keystatic's own slug
 * fields keep the slug out of the file, but the loader checks that the two agree.
 */
export function idField(
  label: string,
  description: string,
  pattern: string,
): SlugFormField<string, string, string, string> {
  const text = fields.text({
    label,
    description,
    validation: {
      isRequired: true,
      pattern: {
        regex: new RegExp(pattern),
        message: 'lower-case letters a-z, digits and single hyphens, like "safe-journeys-2027"',
      },
    },
  });
  return {
    ...text,
    parse: (value, extra) => extra?.slug ?? (typeof value === 'string' ? value : ''),
    serializeWithSlug: (value) => ({ slug: value, value }),
    reader: { parse: (value) => String(value ?? ''), parseWithSlug: (_value, extra) => extra.slug },
  };
}

/** A choice that may be left empty (written as nothing), or must be made (no silent default). */
export interface Option {
  value: string;
  label: string;
}

export function choiceField(
  label: string,
  description: string,
  options: readonly Option[],
  required: boolean,
  defaultValue?: string,
): BasicFormField<string> {
  const select = fields.select({
    label,
    description,
    options: [{ label: required ? '— choose —' : '— none —', value: '' }, ...options],
    defaultValue: defaultValue ?? '',
  });
  return {
    ...select,
    parse: (value) => (value === undefined ? '' : select.parse(value)),
    serialize: (value) => ({ value: value === '' ? undefined : value }),
    validate: (value) => (required && value === '' ? invalid(`choose a ${label.toLowerCase()}`) : value),
    reader: { parse: (value) => (value === undefined ? '' : select.reader.parse(value)) },
  };
}

/** Several of a fixed set, in the order the author picked them (some lists are "best first"). */
export function choicesField(
  label: string,
  description: string,
  options: readonly Option[],
  minItems: number,
): BasicFormField<readonly string[]> {
  const multi = fields.multiselect({ label, description, options });
  return {
    ...multi,
    serialize: (value) => ({ value: value.length ? [...value] : undefined }),
    validate: (value) => (value.length < minItems ? invalid(`choose at least ${minItems}`) : value),
  };
}

interface Localized {
  /** The same text for every language. */
  all: string;
  /** Or one text per language code. */
  per: Record<string, string>;
}

/** `LocalizedTextSchema`: a text once, or a text per language (written as a map of language codes). */
export function localizedField(
  label: string,
  description: string,
  languages: readonly string[],
  required: boolean,
): BasicFormField<Localized> {
  const parse = (value: unknown): Localized => {
    if (value === undefined || value === null) return { all: '', per: {} };
    if (typeof value === 'string') return { all: value, per: {} };
    if (typeof value === 'object' && !Array.isArray(value))
      return { all: '', per: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) };
    return invalid('must be a text, or a text per language');
  };
  const filled = (v: Localized) => Object.entries(v.per).filter(([, t]) => t.trim() !== '');
  return {
    kind: 'form',
    label,
    Input: ({ value, onChange, forceValidation }): ReactElement => {
      const both = value.all.trim() !== '' && filled(value).length > 0;
      const missing = forceValidation && required && value.all.trim() === '' && filled(value).length === 0;
      return h(
        Flex,
        { direction: 'column', gap: 'regular' },
        h(TextField, {
          label,
          description: `${description} Fill this for one text in every language, or open "per language" below.`,
          value: value.all,
          onChange: (all: string) => onChange({ ...value, all }),
          isRequired: required,
          errorMessage: both
            ? 'give the text once or per language, not both'
            : missing
              ? 'write the text'
              : undefined,
        }),
        h(
          'details',
          { open: filled(value).length > 0 },
          h('summary', null, h(Text, null, `${label}, per language`)),
          h(
            Flex,
            { direction: 'column', gap: 'regular', marginTop: 'regular' },
            ...languages.map((code) => {
              const lang = getLanguage(code);
              // The language's own direction and font choice while typing (Dari and Pashto are right to left).
              return h(
                'div',
                { key: code, lang: code, dir: lang.dir },
                h(TextField, {
                  label: `${label} in ${lang.name} (${code})`,
                  value: value.per[code] ?? '',
                  onChange: (text: string) => onChange({ ...value, per: { ...value.per, [code]: text } }),
                }),
              );
            }),
          ),
        ),
      );
    },
    defaultValue: () => ({ all: '', per: {} }),
    parse,
    serialize: (value) => {
      const per = filled(value);
      if (per.length) return { value: Object.fromEntries(per) };
      return { value: value.all.trim() === '' ? undefined : value.all };
    },
    validate: (value) => {
      if (value.all.trim() !== '' && filled(value).length)
        invalid('give the text once or per language, not both');
      if (required && value.all.trim() === '' && !filled(value).length) invalid('write the text');
      return value;
    },
    reader: { parse },
  };
}

/** Answer → score, one `answer: score` per line (a survey question's `values`). */
export function scoresField(label: string, description: string): BasicFormField<string> {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const parse = (value: unknown): string =>
    value && typeof value === 'object'
      ? Object.entries(value)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join('\n')
      : '';
  return {
    kind: 'form',
    label,
    Input: ({ value, onChange }) =>
      h(TextArea, { label, description: `${description} One "answer: score" per line.`, value, onChange }),
    defaultValue: () => '',
    parse,
    serialize: (value) => {
      const entries = lines(value).map((l) => {
        const at = l.lastIndexOf(':');
        return [l.slice(0, at).trim(), Number(l.slice(at + 1))] as const;
      });
      return { value: entries.length ? Object.fromEntries(entries) : undefined };
    },
    validate: (value) => {
      for (const l of lines(value)) {
        const at = l.lastIndexOf(':');
        if (at < 1 || !Number.isFinite(Number(l.slice(at + 1).trim())) || l.slice(at + 1).trim() === '')
          invalid(`"${l}": write an answer, a colon and a number, like "true: 1"`);
      }
      return value;
    },
    reader: { parse },
  };
}

/**
 * What a command records for the author (a translation's source fingerprints, written by
 * `counterpoint translations --mark` and the XLIFF import): shown as a count, saved back unchanged, so
 * editing a page in the browser never loses which source text it follows.
 */
export function keptField(label: string, description: string): BasicFormField<Record<string, string> | null> {
  const parse = (value: unknown) =>
    value && typeof value === 'object' ? (value as Record<string, string>) : null;
  return {
    kind: 'form',
    label,
    Input: ({ value }) =>
      h(
        Flex,
        { direction: 'column', gap: 'small' },
        h(Text, { weight: 'semibold' }, label),
        h(
          Text,
          null,
          `${description} ${value ? `${Object.keys(value).length} recorded; kept as they are.` : 'None recorded yet.'}`,
        ),
      ),
    defaultValue: () => null,
    parse,
    serialize: (value) => ({ value: value ?? undefined }),
    validate: (value) => value,
    reader: { parse },
  };
}

const SECTION_RE = /^##[ \t]+(.*?)[ \t]*\{#([A-Za-z0-9_-]+)\}[ \t]*$/;

/** A landing page's body: the text above the sections, then one heading and text per section. */
export interface PageBody {
  intro: string;
  sections: Record<SectionId, { heading: string; text: string }>;
  /** Anything the form has no place for (an unknown or repeated section), kept as written. */
  rest: string;
}

const emptySections = () =>
  Object.fromEntries(SECTIONS.map((id) => [id, { heading: '', text: '' }])) as PageBody['sections'];

/** Reads `## Heading {#id}` sections the way the loader does (`splitSections`), outside code fences. */
export function parsePageBody(markdown: string): PageBody {
  const body: PageBody = { intro: '', sections: emptySections(), rest: '' };
  const intro: string[] = [];
  const rest: string[] = [];
  const seen = new Set<string>();
  let target: string[] = intro;
  let fence: string | undefined;
  const texts = new Map<SectionId, string[]>();
  for (const line of markdown.replace(/\r\n/g, '\n').split('\n')) {
    const f = /^(```|~~~)/.exec(line);
    if (f) fence = fence ? (line.startsWith(fence) ? undefined : fence) : f[1];
    const m = fence ? null : SECTION_RE.exec(line);
    if (m) {
      const id = m[2] as SectionId;
      if ((SECTIONS as readonly string[]).includes(id) && !seen.has(id)) {
        seen.add(id);
        body.sections[id].heading = m[1]!;
        target = [];
        texts.set(id, target);
        continue;
      }
      target = rest;
    }
    target.push(line);
  }
  body.intro = intro.join('\n').trim();
  for (const [id, lines] of texts) body.sections[id].text = lines.join('\n').trim();
  body.rest = rest.join('\n').trim();
  return body;
}

/** Writes the body back as Markdown; optional sections left empty are left out. */
export function serializePageBody(body: PageBody, required: readonly SectionId[]): string {
  const parts = body.intro ? [body.intro] : [];
  for (const id of SECTIONS) {
    const { heading, text } = body.sections[id];
    if (!heading.trim() && !text.trim() && !required.includes(id)) continue;
    parts.push(`## ${heading.trim() ? `${heading.trim()} ` : ''}{#${id}}`);
    if (text.trim()) parts.push(text.trim());
  }
  if (body.rest) parts.push(body.rest);
  return `${parts.join('\n\n')}\n`;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const noFiles = () => new Map();

/** The body of campaigns/<id>/<lang>.md as one form part per section. */
export function pageBodyField(
  labels: Record<SectionId | 'intro', { label: string; help: string }>,
  required: readonly SectionId[],
): ContentFormField<PageBody, PageBody, string> {
  const read = (content: Uint8Array | undefined) => parsePageBody(content ? decoder.decode(content) : '');
  return {
    kind: 'form',
    formKind: 'content',
    contentExtension: '.md',
    Input: ({ value, onChange, forceValidation }) =>
      h(
        Flex,
        { direction: 'column', gap: 'xlarge' },
        h(TextArea, {
          label: labels.intro.label,
          description: labels.intro.help,
          value: value.intro,
          onChange: (intro: string) => onChange({ ...value, intro }),
        }),
        ...SECTIONS.map((id) => {
          const section = value.sections[id];
          const set = (part: Partial<PageBody['sections'][SectionId]>) =>
            onChange({ ...value, sections: { ...value.sections, [id]: { ...section, ...part } } });
          const must = required.includes(id);
          return h(
            Flex,
            { key: id, direction: 'column', gap: 'regular', elementType: 'section' },
            h(Heading, { elementType: 'h3', size: 'small', children: labels[id].label }),
            h(TextField, {
              label: `${labels[id].label}: heading`,
              description: 'Leave empty to use the standard heading in the page language.',
              value: section.heading,
              onChange: (heading: string) => set({ heading }),
            }),
            h(TextArea, {
              label: `${labels[id].label}: text`,
              description: `${labels[id].help} Markdown: **bold**, - lists, [link](https://…).`,
              value: section.text,
              onChange: (text: string) => set({ text }),
              isRequired: must,
              errorMessage:
                forceValidation && must && !section.text.trim() ? 'every page needs this section' : undefined,
            }),
          );
        }),
        value.rest
          ? h(TextArea, {
              label: 'Other text',
              description:
                'Parts the form has no place for (an unknown or repeated section); the validator names them.',
              value: value.rest,
              onChange: (rest: string) => onChange({ ...value, rest }),
            })
          : null,
      ),
    defaultValue: () => ({ intro: '', sections: emptySections(), rest: '' }),
    parse: (_value, { content }) => read(content),
    serialize: (value) => ({
      value: undefined,
      content: encoder.encode(serializePageBody(value, required)),
      other: noFiles(),
      external: noFiles(),
    }),
    validate: (value) => {
      for (const id of required)
        if (!value.sections[id].text.trim())
          invalid(`write the "${labels[id].label}" section: every page needs it`);
      return value;
    },
    reader: { parse: (_value, { content }) => (content ? decoder.decode(content) : '') },
  };
}

/** A Markdown body kept exactly as written (a joint message's text). */
export function markdownBodyField(
  label: string,
  description: string,
): ContentFormField<string, string, string> {
  return {
    kind: 'form',
    formKind: 'content',
    contentExtension: '.md',
    Input: ({ value, onChange }) =>
      h(TextArea, { label, description, value, onChange, height: 'scale.3400' }),
    defaultValue: () => '',
    parse: (_value, { content }) => (content ? decoder.decode(content).trim() : ''),
    serialize: (value) => ({
      value: undefined,
      content: encoder.encode(`${value.trim()}\n`),
      other: noFiles(),
      external: noFiles(),
    }),
    validate: (value) => value,
    reader: { parse: (_value, { content }) => (content ? decoder.decode(content) : '') },
  };
}

/**
 * A list of short texts, one per line (countries, regions, facts). Keystatic's own list opens a
 * dialog per item, and cannot add to a list inside another list's dialog (an audience's countries).
 */
export function textListField(
  label: string,
  description: string,
  item: { pattern?: string; maxLength?: number },
  bounds: { min?: number; max?: number },
): BasicFormField<string> {
  const items = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const parse = (value: unknown): string => (Array.isArray(value) ? value.map(String).join('\n') : '');
  const pattern = item.pattern === undefined ? undefined : new RegExp(item.pattern);
  return {
    kind: 'form',
    label,
    Input: ({ value, onChange, forceValidation }) => {
      let error: string | undefined;
      if (forceValidation) {
        try {
          check(value);
        } catch (e) {
          error = (e as Error).message;
        }
      }
      return h(TextArea, {
        label,
        description: `${description} One per line.`,
        value,
        onChange,
        isRequired: (bounds.min ?? 0) > 0,
        errorMessage: error,
      });
    },
    defaultValue: () => '',
    parse,
    serialize: (value) => ({ value: items(value).length ? items(value) : undefined }),
    validate: (value) => check(value),
    reader: { parse },
  };
  function check(value: string): string {
    const list = items(value);
    if (bounds.min !== undefined && list.length < bounds.min)
      invalid(bounds.min === 1 ? 'write at least one' : `write at least ${bounds.min}, one per line`);
    if (bounds.max !== undefined && list.length > bounds.max) invalid(`write at most ${bounds.max}`);
    for (const l of list) {
      if (pattern && !pattern.test(l)) invalid(`"${l}" is not of the expected form; ${description}`);
      if (item.maxLength !== undefined && l.length > item.maxLength)
        invalid(`"${l.slice(0, 30)}…" is longer than ${item.maxLength} characters`);
    }
    return value;
  }
}
