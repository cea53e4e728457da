import { performance } from 'node:perf_hooks';
import type { PluginOption } from 'vite';
import type { Report } from '../core/report/index.ts';
import type { Ui } from '../dashboard/ui.ts';

type Render = (report: Report, ui: Ui) => Promise<string>;
type RenderPlan = (markdown: string, title: string) => Promise<string>;

/**
 * The report document outside the server (the CLI, tests): the same ReportDocument.astro the server's
 * exports render, compiled on the fly. Plain Node cannot import `.astro`, so src/dashboard/render-report.ts
 * is loaded through Vite with Astro's plugins (its `getViteConfig`) and no integration: about 2 s the
 * first time, then milliseconds per report. Close it when done.
 */
export async function openReportRenderer(): Promise<{
  render: Render;
  /** The pre-analysis plan's page (PlanDocument.astro), for `counterpoint plan`'s PDF. */
  renderPlan: RenderPlan;
  close(): Promise<void>;
  startupMs: number;
}> {
  const started = performance.now();
  process.env['ASTRO_TELEMETRY_DISABLED'] ??= '1';
  const { getViteConfig } = await import('astro/config');
  const { createServer } = await import('vite');
  const config = await getViteConfig(
    {
      server: { middlewareMode: true, hmr: false, ws: false },
      appType: 'custom',
      logLevel: 'error',
      clearScreen: false,
    },
    // No integration and no config file: only the compiler is needed, not the site's build hooks.
    { configFile: false, logLevel: 'error', devToolbar: { enabled: false }, integrations: [] },
  )({ command: 'serve', mode: 'production' });
  // Astro's dev-server plugin would start a whole dev app (routes, content collections) that a single
  // component does not need; without it the start is shorter and closing it leaves nothing half-made.
  const plugins = ((config.plugins ?? []) as unknown[])
    .flat(3)
    .filter(
      (p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'astro:server'),
    ) as PluginOption[];
  const vite = await createServer({ ...config, plugins, configFile: false });
  try {
    const mod = (await vite.ssrLoadModule('/src/dashboard/render-report.ts')) as {
      renderReportDocument: Render;
      renderPlanDocument: RenderPlan;
    };
    return {
      render: mod.renderReportDocument,
      renderPlan: mod.renderPlanDocument,
      close: () => vite.close(),
      startupMs: performance.now() - started,
    };
  } catch (e) {
    await vite.close();
    throw e;
  }
}
