// Modules the editor integration (src/editor/integration.ts) provides to Vite.
declare module 'virtual:keystatic-config' {
  const config: import('@keystatic/core').Config;
  export default config;
}
declare module 'virtual:counterpoint-editor' {
  /** The campaigns folder's name, as Keystatic's collection paths start. */
  export const campaignsDir: string;
  /** The folder that holds it: Keystatic reads and writes below it. */
  export const baseDirectory: string;
}
