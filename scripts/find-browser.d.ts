export function findBrowser(): string | undefined;
export function installBrowser(log?: (s: string) => void): string | undefined;
export const BROWSER_HELP: string;
