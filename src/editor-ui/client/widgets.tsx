import type { IconButtonProps, WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds, englishStringTranslator, TranslatableString } from '@rjsf/utils';
import { getDefaultRegistry } from '@rjsf/core';
import type { ChangeEvent, ComponentType } from 'react';

/** What every field of a form shares: the language it is written in and its direction. */
export interface FormContext {
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

const { BaseInputTemplate: Base } = getDefaultRegistry().templates;

const context = (p: WidgetProps): FormContext => (p.registry.formContext ?? {}) as FormContext;

/**
 * rjsf's text input, with the page's language and direction (Arabic, Dari, Pashto are typed right to
 * left) and `aria-required` on required fields, so screen readers say what the asterisk shows.
 */
export function TextInput(props: WidgetProps) {
  const { lang, dir } = context(props);
  const extra = {
    ...(props.required && { 'aria-required': true }),
    ...(lang && { lang, dir: dir ?? 'ltr' }),
  };
  return <Base {...props} {...extra} />;
}

/** A longer text, the same way. */
export function TextArea(props: WidgetProps) {
  const { id, value, required, disabled, readonly, onChange, onBlur, onFocus, options } = props;
  const { lang, dir } = context(props);
  return (
    <textarea
      id={id}
      name={id}
      className="form-control"
      value={typeof value === 'string' ? value : ''}
      required={required}
      aria-required={required || undefined}
      disabled={disabled}
      readOnly={readonly}
      rows={Number(options['rows'] ?? 6)}
      {...(lang && { lang, dir: dir ?? 'ltr' })}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e: ChangeEvent<HTMLTextAreaElement>) =>
        onChange(e.target.value === '' ? options.emptyValue : e.target.value)
      }
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

/** rjsf's buttons (add, remove, move) with their words on them rather than an icon font the editor does not load. */
function TextButton(props: IconButtonProps, label: TranslatableString, kind: string) {
  const { id, className, onClick, disabled, registry, style } = props;
  return (
    <button
      type="button"
      id={id}
      className={`${kind} ${className ?? ''}`}
      onClick={onClick}
      disabled={disabled}
      style={style}
    >
      {registry.translateString(label)}
    </button>
  );
}

export const buttonTemplates = {
  AddButton: (p: IconButtonProps) => TextButton(p, TranslatableString.AddItemButton, 'add'),
  CopyButton: (p: IconButtonProps) => TextButton(p, TranslatableString.CopyButton, 'copy'),
  MoveDownButton: (p: IconButtonProps) => TextButton(p, TranslatableString.MoveDownButton, 'move'),
  MoveUpButton: (p: IconButtonProps) => TextButton(p, TranslatableString.MoveUpButton, 'move'),
  RemoveButton: (p: IconButtonProps) => TextButton(p, TranslatableString.RemoveButton, 'remove'),
};

/** rjsf's own words, as `editor.rjsf.*` keys; the few without one stay rjsf's English. */
const RJSF_KEYS: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.AddButton]: 'editor.rjsf.add',
  [TranslatableString.AddItemButton]: 'editor.rjsf.add',
  [TranslatableString.CopyButton]: 'editor.rjsf.copy',
  [TranslatableString.MoveDownButton]: 'editor.rjsf.moveDown',
  [TranslatableString.MoveUpButton]: 'editor.rjsf.moveUp',
  [TranslatableString.RemoveButton]: 'editor.rjsf.remove',
  [TranslatableString.EmptyArray]: 'editor.rjsf.emptyList',
  [TranslatableString.NewStringDefault]: 'editor.rjsf.newValue',
  [TranslatableString.KeyLabel]: 'editor.rjsf.key',
  [TranslatableString.OptionPrefix]: 'editor.rjsf.option',
  [TranslatableString.TitleOptionPrefix]: 'editor.rjsf.titleOption',
  [TranslatableString.OptionalObjectAdd]: 'editor.rjsf.optionalAdd',
  [TranslatableString.OptionalObjectRemove]: 'editor.rjsf.optionalRemove',
  [TranslatableString.OptionalObjectEmptyMsg]: 'editor.rjsf.optionalEmpty',
  [TranslatableString.ClearButton]: 'editor.rjsf.clear',
  [TranslatableString.YesLabel]: 'editor.rjsf.yes',
  [TranslatableString.NoLabel]: 'editor.rjsf.no',
  [TranslatableString.ArrayItemTitle]: 'editor.rjsf.item',
  [TranslatableString.Type]: 'editor.rjsf.type',
  [TranslatableString.Value]: 'editor.rjsf.value',
};

/** rjsf's `translateString` in the editor's language (%1, %2 become {{a}}, {{b}}). */
export const rjsfTranslator =
  (t: (key: string, options?: Record<string, unknown>) => string) =>
  (s: TranslatableString, params?: string[]): string => {
    const key = RJSF_KEYS[s];
    return key ? t(key, { a: params?.[0] ?? '', b: params?.[1] ?? '' }) : englishStringTranslator(s, params);
  };

const BaseSelect = getDefaultRegistry().widgets['SelectWidget'] as ComponentType<WidgetProps>;

/**
 * rjsf's select; the one that picks between alternatives (one text, or a text per language) has no
 * label of its own in rjsf, so it gets one for screen readers: the field's name and "kind".
 */
export function Select(props: WidgetProps) {
  if (!props.id.endsWith('__anyof_select') && !props.id.endsWith('__oneof_select'))
    return <BaseSelect {...props} />;
  return (
    <>
      <label className="visually-hidden" htmlFor={props.id}>
        {`${props.label} — ${props.registry.translateString(TranslatableString.Type)}`}
      </label>
      <BaseSelect {...props} />
    </>
  );
}
