import type { AstroIntegration } from 'astro';
import { editorFormsModule } from './schemas.ts';

/** Every page of the editor on the server (src/editor-ui/routes/), under /dashboard so the session cookie reaches it. */
export const EDITOR_ROUTES: Record<string, string> = {
  '/dashboard/editor': 'Campaigns.astro',
  '/dashboard/editor/new': 'NewCampaign.astro',
  '/dashboard/editor/[campaign]': 'Campaign.astro',
  '/dashboard/editor/[campaign]/[lang]': 'Page.astro',
  '/dashboard/editor/[campaign]/[lang]/translate': 'Translate.astro',
  '/dashboard/editor/[campaign]/[lang]/preview': 'Preview.astro',
};

const VIRTUAL = 'virtual:counterpoint/editor-forms';

/**
 * The authors' editor in the server build (`npm start`) only: its pages and the browser module of its
 * form schemas and precompiled validators. The static build never loads this integration.
 */
export function editorUi(): AstroIntegration {
  return {
    name: 'counterpoint-editor-ui',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const [pattern, file] of Object.entries(EDITOR_ROUTES))
          injectRoute({ pattern, entrypoint: `./src/editor-ui/routes/${file}`, prerender: false });
      },
    },
  };
}

/**
 * The browser module of the editor's form schemas and precompiled validators, resolved in every mode:
 * only the server build's editor pages import it, but `astro dev` scans every source file for its
 * dependencies, and one it cannot resolve makes Vite skip its pre-bundling (Keystatic's editor then
 * reloaded without end). Built on first load only.
 */
export const editorFormsPlugin = () => ({
  name: 'counterpoint-editor-forms',
  resolveId: (id: string) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
  load: (id: string) => (id === `\0${VIRTUAL}` ? editorFormsModule() : undefined),
});
