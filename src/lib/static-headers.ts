import { writeFile } from 'node:fs/promises';
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
        const site = { ...policy.headers, 'content-security-policy': policy.site };
        const lines = ['/*', ...Object.entries(site).map(([k, v]) => `  ${k}: ${v}`), ''];
        await writeFile(`${fileURLToPath(dir)}/_headers`, lines.join('\n'));
      },
    },
  };
}
