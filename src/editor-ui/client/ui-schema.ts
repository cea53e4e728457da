import type { RJSFSchema, UiSchema } from '@rjsf/utils';

type T = (key: string, options?: Record<string, unknown>) => string;

/** "contactPoints" → "Contact points": the words of a field name where no label is written yet. */
const words = (name: string) => {
  const w = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/-/g, ' ')
    .toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
};

/**
 * The form's labels, help and choices in the editor's language, for every field of a schema: labels
 * and help are `editor.field.<name>` and `editor.help.<name>` keys (no help where none is written:
 * never the schema's developer notes), languages are named by the browser in the editor's language,
 * other choices are `editor.choice.<value>` keys. Lists of choices are tick boxes.
 */
export function uiSchemaFor(
  schema: RJSFSchema,
  t: T,
  lang: string,
  longTexts: ReadonlySet<string> = new Set(),
): UiSchema {
  const names = new Intl.DisplayNames([lang], { type: 'language' });
  const choice = (v: unknown) => {
    const s = String(v);
    if (/^[a-z]{2,3}(-[A-Za-z]{4})?$/.test(s) && s.length <= 7) {
      try {
        const n = names.of(s);
        if (n && n !== s) return n;
      } catch {
        // not a language code: a word
      }
    }
    return t(`editor.choice.${s}`, { defaultValue: words(s) });
  };
  // Help is keyed by the field's path without list positions (`audiences.countries`): the same name
  // means different things in different places (the campaign's id, the owner's id).
  const walk = (node: RJSFSchema, name: string | undefined, path = ''): UiSchema => {
    const ui: UiSchema = {};
    if (name !== undefined) {
      ui['ui:title'] = t(`editor.field.${name}`, { defaultValue: words(name) });
      const help = t(`editor.help.${path}`, { defaultValue: '' });
      if (help) ui['ui:description'] = help;
      if (node.type === 'string' && longTexts.has(name)) ui['ui:widget'] = 'textarea';
    }
    if (Array.isArray(node.enum))
      ui['ui:enumNames'] = Object.fromEntries(node.enum.map((v) => [String(v), choice(v)]));
    if (node.type === 'object' && node.properties)
      for (const [k, v] of Object.entries(node.properties))
        ui[k] = walk(v as RJSFSchema, k, path ? `${path}.${k}` : k);
    if (node.type === 'array' && node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
      const items = node.items as RJSFSchema;
      if (Array.isArray(items.enum) && node.uniqueItems) {
        ui['ui:widget'] = 'checkboxes';
        ui['ui:enumNames'] = Object.fromEntries(items.enum.map((v) => [String(v), choice(v)]));
        ui['ui:options'] = { inline: true };
      } else {
        ui.items = walk(items, undefined, path);
        ui.items['ui:title'] = t('editor.field.itemOf', { field: ui['ui:title'] ?? '' });
      }
    }
    const alternatives = node.anyOf ?? node.oneOf;
    if (Array.isArray(alternatives)) {
      const key = node.anyOf ? 'anyOf' : 'oneOf';
      ui[key] = alternatives.map((a) => {
        const alt = a as RJSFSchema;
        const one = walk(alt, undefined, path);
        one['ui:title'] = t(alt.type === 'string' ? 'editor.field.oneText' : 'editor.field.perLanguage');
        return one;
      });
    }
    return ui;
  };
  return walk(schema, undefined);
}
