import i18next from 'i18next';
import { createRoot } from 'react-dom/client';
import { I18N_OPTIONS } from '../../core/i18n/options.ts';
import { App } from './App.tsx';
import type { Boot } from './common.tsx';

// The editor's pages carry their data as JSON (src/editor-ui/EditorPage.astro); this draws them.
const data = document.getElementById('editor-data');
const mount = document.getElementById('editor');
if (data && mount) {
  const boot = JSON.parse(data.textContent ?? '{}') as Boot;
  const i18n = i18next.createInstance();
  void i18n.init({
    lng: boot.lang,
    resources: { [boot.lang]: { translation: boot.strings } },
    ...I18N_OPTIONS,
  } as Parameters<typeof i18n.init>[0]);
  const t = i18n.getFixedT(boot.lang) as unknown as (
    key: string,
    options?: Record<string, unknown>,
  ) => string;
  createRoot(mount).render(<App boot={boot} t={t} />);
}
