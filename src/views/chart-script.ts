import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

let script: string | undefined;

/**
 * The charts' script (src/views/charts.client.ts with the parts of chart.js it uses), bundled and
 * minified by esbuild once per process (about 0.2 s) and kept: the dashboard serves it same-origin at
 * /dashboard/charts.js, and the self-contained HTML and PDF report carry it inline, allowed by its hash.
 * Deterministic, so the server's CSP and the page compute the same hash in separate module graphs.
 */
export function chartScript(): string {
  script ??= buildSync({
    entryPoints: [resolve('src/views/charts.client.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  return script;
}

/** The CSP source that allows the inline charts' script: `'sha256-…'` of its exact text. */
export const chartScriptHash = () =>
  `'sha256-${createHash('sha256').update(chartScript(), 'utf8').digest('base64')}'`;
