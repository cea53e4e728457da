import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

// The shape ARCHITECTURE.md draws, checked on the source: a small import scanner over src/ (relative
// imports of .ts and .astro files, static, re-exports, type-only and dynamic alike).
const SRC = resolve('src');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|astro|mjs)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every file of src/ (relative to src/) with the files of src/ it imports. */
function importGraph(files = sourceFiles()): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      relative(SRC, resolve(dirname(file), (m[1] ?? m[2])!)),
    );
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph of src/', () => {
  const graph = importGraph();

  test('the scanner sees imports of every kind and finds a planted cycle', () => {
    const planted = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(planted), [['a.ts', 'b.ts', 'c.ts']]);
    // The real graph is not empty: the loader is imported, type-only, by translation/status.ts.
    assert.ok(graph.get('core/translation/status.ts')?.includes('core/campaign/loader.ts'));
    assert.ok(graph.get('core/workspace/load.ts')?.includes('core/claims/load.ts'));
    assert.ok(graph.size > 200, `only ${graph.size} files scanned`);
  });

  test('has no cycle', () => {
    assert.deepEqual(cycles(graph), []);
  });

  test('core imports nothing from the server, dashboards, pages, build glue, CLI or app context', () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      from.startsWith('core/')
        ? targets.filter((t) => !t.startsWith('core/')).map((t) => `${from} -> ${t}`)
        : [],
    );
    assert.deepEqual(upward, []);
  });

  test('the loader reads files only: core/campaign imports nothing of core but the language registry', () => {
    const upward = [...graph].flatMap(([from, targets]) =>
      from.startsWith('core/campaign/')
        ? targets
            .filter((t) => !t.startsWith('core/campaign/') && !t.startsWith('core/i18n/languages'))
            .map((t) => `${from} -> ${t}`)
        : [],
    );
    assert.deepEqual(upward, []);
  });
});

describe('one place to load', () => {
  const texts = sourceFiles().map((f) => [relative(SRC, f), readFileSync(f, 'utf8')] as const);

  test('i18next is created and initialised in one module, called only from the application context', () => {
    const creating = texts.filter(([, t]) => /\.createInstance\(|\binstance\.init\(/.test(t)).map(([f]) => f);
    // The editor's browser script is another process (the author's browser): it makes its own.
    assert.deepEqual(creating.sort(), ['core/i18n/locales.ts', 'editor-ui/client/main.tsx']);
    const calling = texts.filter(([, t]) => /\bcreateI18n\(/.test(t)).map(([f]) => f);
    assert.deepEqual(calling.sort(), ['app/context.ts', 'core/i18n/locales.ts']);
  });

  test('the campaigns folder is listed in one module; other folder listings are named here', () => {
    // Each listing outside the loader reads another folder: say which when adding one.
    const OTHER_FOLDERS: Record<string, string> = {
      'core/i18n/locales.ts': 'locales/',
      'core/authoring/history.ts': "one campaign's files and its .history/",
      'core/authoring/publish.ts': "the publish folder's builds/",
      'cli/schema-docs.ts': 'src/core/campaign/schema/',
      'lib/static-headers.ts': "the built site's top folder",
    };
    const listing = texts.filter(([, t]) => /\breaddir(Sync)?\(/.test(t)).map(([f]) => f);
    assert.deepEqual(listing.sort(), ['core/campaign/loader.ts', ...Object.keys(OTHER_FOLDERS)].sort());
    const loading = texts
      .filter(([, t]) => /\b(checkSite|loadCampaigns|readCampaignFiles)\(/.test(t))
      .map(([f]) => f)
      .filter((f) => !f.startsWith('core/'));
    // Outside core, only the application context and the CLI commands that take a campaigns folder.
    for (const f of loading) assert.ok(f === 'app/context.ts', `${f} loads campaigns itself`);
  });

  test('no global slot carries state between the build and the pages', () => {
    const slots = texts.filter(([, t]) => /\bglobalThis\b|Symbol\.for\(/.test(t)).map(([f]) => f);
    assert.deepEqual(slots, []);
  });
});

describe('one door to the data', () => {
  // A kysely query builder call or a sql template: a statement. migrations.ts is exempt: it writes the
  // schema (DDL), version by version, and is not a query of the data.
  const STATEMENT =
    /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`/;
  const EXEMPT = new Set(['core/metrics/migrations.ts']);

  test('the pattern finds statements of every kind', () => {
    for (const line of [
      "store.db.selectFrom('facts')",
      "trx.insertInto('facts')",
      "db.updateTable('users')",
      "db.deleteFrom('sessions')",
      'sql`select 1`',
      'sql<number>`count(*)`',
    ])
      assert.match(line, STATEMENT, line);
    assert.doesNotMatch("import { sql } from 'kysely';", STATEMENT);
  });

  test('every SQL statement is under src/core/metrics/queries/', () => {
    const outside = sourceFiles()
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith('core/metrics/queries/') && !EXEMPT.has(f))
      .filter((f) => STATEMENT.test(readFileSync(join(SRC, f), 'utf8')));
    assert.deepEqual(outside, []);
  });
});
