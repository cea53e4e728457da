export function findBrowser(): string | undefined;
export function installBrowser(log?: (s: string) => void): string | undefined;
export const BROWSER_HELP: string;
/** Chromium's command-line flags for the tests and the PDF export. */
export const CHROMIUM_ARGS: string[];
