/**
 * How every i18next instance reads the locale files: flat keys with dots in them, values inserted as
 * they are (the views escape), nothing asynchronous. The server's instance (locales.ts) and the editor's
 * browser instance (src/editor-ui/client/main.tsx) both use these, so a string reads the same in each.
 * Pure: safe to bundle for the browser.
 */
export const I18N_OPTIONS = {
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
} as const;
