import type { WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import { getDefaultRegistry } from '@rjsf/core';
import type { ChangeEvent } from 'react';

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
