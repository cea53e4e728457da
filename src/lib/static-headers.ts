import { readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { securityPolicy } from '../server/security.ts';

/**
 * The static site's security headers, for hosts that read a `_headers` file (Netlify, Cloudflare Pages
 * and others of their kind). The values come from the server's one policy (src/server/security.ts), so
 * a static site and `npm start` send the same headers. Hosts with another format take them from here.
 */
export function staticHeaders(collectUrl: string | undefined): AstroIntegration {
  return {
    name: 'counterpoint-static-headers',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const policy = await securityPolicy(collectUrl ?? '/api/collect');
        const all: Record<string, string> = { ...policy.headers, 'content-security-policy': policy.site };
        const { 'cross-origin-resource-policy': corp, ...common } = all;
        // Partner sites load /embed/<campaign>.js: cross-origin there, the site's own policy everywhere
        // else. Hosts merge two rules that set one header differently (some join the values), so no path
        // gets two: each top-level entry of the build has its own rule.
        const root = fileURLToPath(dir);
        const entries = (await readdir(root, { withFileTypes: true })).filter((e) => e.name !== '_headers');
        const own = [
          '/',
          ...entries
            .filter((e) => e.name !== 'embed')
            .map((e) => (e.isDirectory() ? `/${e.name}/*` : `/${e.name}`)),
        ];
        const block = (path: string, headers: Record<string, string>) => [
          path,
          ...Object.entries(headers).map(([k, v]) => `  ${k}: ${v}`),
        ];
        const lines = [
          ...block('/*', common),
          ...own.flatMap((path) => block(path, { 'cross-origin-resource-policy': corp ?? 'same-origin' })),
          ...(entries.some((e) => e.name === 'embed')
            ? block('/embed/*', { 'cross-origin-resource-policy': 'cross-origin' })
            : []),
          '',
        ];
        await writeFile(`${root}/_headers`, lines.join('\n'));
      },
    },
  };
}
