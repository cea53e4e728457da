import { basename, dirname, resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AstroIntegration } from 'astro';

/**
 * The campaign editor (Keystatic, local mode), inside `astro dev` only: `astro build` (static or
 * server mode) never sees it, so the public site and the production server carry no editor.
 */
export function campaignEditor(): AstroIntegration {
  return {
    name: 'counterpoint-editor',
    hooks: {
      'astro:server:start': ({ address, logger }) => {
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        logger.info(
          `campaign editor: http://${host}:${address.port}/keystatic/ (preview and checks: /editor/<campaign id>/)`,
        );
      },
      'astro:config:setup': async ({ command, injectRoute, updateConfig, config }) => {
        if (command !== 'dev') return;
        const root = resolve(process.env['COUNTERPOINT_CAMPAIGNS'] ?? 'campaigns');
        const react = (await import('@astrojs/react')).default;
        const { mkdirSync, writeFileSync } = await import('node:fs');
        const virtualRoot = 'virtual:counterpoint-editor';
        updateConfig({
          integrations: [react()],
          vite: {
            plugins: [
              {
                name: 'counterpoint-editor',
                resolveId(id) {
                  if (id === 'virtual:keystatic-config') return this.resolve('./keystatic.config', './a');
                  if (id === virtualRoot) return `\0${virtualRoot}`;
                  return null;
                },
                configureServer(server) {
                  // The site wants trailing slashes (trailingSlash: 'always'); Keystatic's client asks
                  // for /keystatic/… and /api/keystatic/… without them. Astro puts its own middleware
                  // (which would answer 404) first once the server is set up, so this goes in after it.
                  return () => {
                    server.middlewares.stack.unshift({
                      route: '',
                      handle: (req: IncomingMessage, res: ServerResponse, next: () => void) => {
                        const m = /^(\/(?:api\/)?keystatic(?:\/[^?]*)?)(\?.*)?$/.exec(req.url ?? '');
                        if (m && !m[1]!.endsWith('/')) req.url = `${m[1]}/${m[2] ?? ''}`;
                        // Keystatic's interface links a web font from Google: no request leaves for a
                        // third party from the editor either (the interface falls back to system fonts).
                        if (m)
                          res.setHeader(
                            'content-security-policy',
                            "style-src 'self' 'unsafe-inline'; font-src 'self' data:",
                          );
                        next();
                      },
                    });
                  };
                },
                load(id) {
                  if (id === `\0${virtualRoot}`)
                    return `export const campaignsDir = ${JSON.stringify(basename(root))};\nexport const baseDirectory = ${JSON.stringify(dirname(root))};\n`;
                  return null;
                },
              },
            ],
            optimizeDeps: { entries: ['keystatic.config.*', '.astro/keystatic-imports.js'] },
          },
        });
        const dotAstro = new URL('./.astro/', config.root);
        mkdirSync(dotAstro, { recursive: true });
        writeFileSync(
          new URL('keystatic-imports.js', dotAstro),
          'import "@keystatic/astro/ui";\nimport "@keystatic/astro/api";\nimport "@keystatic/core/ui";\n',
        );
        injectRoute({
          entrypoint: '@keystatic/astro/internal/keystatic-astro-page.astro',
          pattern: '/keystatic/[...params]',
          prerender: false,
        });
        injectRoute({
          entrypoint: './src/editor/Preview.astro',
          pattern: '/editor/[campaign]',
          prerender: false,
        });
        injectRoute({
          entrypoint: './src/editor/api.ts',
          pattern: '/api/keystatic/[...params]',
          prerender: false,
        });
      },
    },
  };
}
