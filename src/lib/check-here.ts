import type { SiteCheck } from '../core/site/check.ts';

/**
 * The whole site check in this thread, loading the validation stack (schemas, YAML, Markdown,
 * sanitiser) only when called: the dev preview, and a build whose worker stopped early.
 */
export async function checkHere(root: string): Promise<SiteCheck> {
  return (await import('../core/site/check.ts')).checkSite(root);
}
