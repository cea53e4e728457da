import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { transformSync } from 'esbuild';

/**
 * The page beacon: a view, and taps on elements marked data-ev="type:target". Inline, under 1 KB,
 * no cookie, nothing stored in the browser. Sends nothing when Global Privacy Control or Do Not Track
 * is on. The page works the same without it. Its readable source is beacon.client.js; this minifies it
 * (read from the project folder, as the build and the server both run there). One function makes the
 * text, so the page that inlines it and the server's Content-Security-Policy (which allows it by its
 * hash) can never disagree.
 */
export function beaconScript(collectUrl: string): string {
  let script = scripts.get(collectUrl);
  if (script === undefined) {
    const { code } = transformSync(source(), {
      minify: true,
      target: 'es5',
      define: { COLLECT_URL: JSON.stringify(collectUrl) },
      legalComments: 'none',
    });
    script = code.trim();
    scripts.set(collectUrl, script);
  }
  return script;
}

const scripts = new Map<string, string>();
let text: string | undefined;
const source = () => (text ??= readFileSync(resolve('src/core/site/beacon.client.js'), 'utf8'));
