/**
 * Words for people as core produces them: a message key of locales/en.json (fr, ar) with the figures it
 * interpolates; the views render it in their language (`sayWith` in core/report/intl.ts).
 */
export interface Message {
  key: string;
  values: Record<string, string | number>;
}

/** Prefix of a message value that names keys to translate and join as a list. */
export const KEY_LIST = '$t:';

/** A message value naming keys to translate and join as a list, in the reader's language ("A, B and C"). */
export const keyList = (keys: readonly string[]): string => `${KEY_LIST}${keys.join(',')}`;

/** A message with its values. */
export const say = (key: string, values: Message['values'] = {}): Message => ({ key, values });
