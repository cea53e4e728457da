// Publish to live: what a publisher waits for after pressing Publish. Each run saves one change (timed:
// the save, validation included), publishes (check of every campaign, the server-mode build into a new
// folder, the swap of the live link) and loads the new build the way the running server switches to it
// (the campaigns' check and the import of the build's Astro handler).
// Usage: node bench/publish.ts [--root campaigns] [--runs 2]
//   100 campaigns × 12 languages: node bench/build.ts --runs 1 (writes bench/.work/campaigns), then
//   node bench/publish.ts --root bench/.work/campaigns
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publish, saveCampaignFiles } from '../src/core/authoring/index.ts';
import { buildServerSite } from '../src/lib/build-site.ts';
import { loadPublishedBuild } from '../src/server/live-site.ts';

const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const source = resolve(option('root') ?? 'campaigns');
const runs = Number(option('runs') ?? 2);
// The campaigns are copied outside the checkout (saves record versions beside them); the builds stay
// inside it, because a server build imports its packages from node_modules.
const root = join(tmpdir(), `counterpoint-bench-publish-${process.pid}`);
const dir = resolve('bench/.work/publish');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(source, root, { recursive: true });
const account = { email: 'bench@example.org', admin: true, memberships: [] };
const id = readdirSync(root).find((n) => !n.startsWith('_') && !n.startsWith('.'))!;
const page = readdirSync(join(root, id)).find((n) => n.endsWith('.md'))!;
const campaigns = readdirSync(root).filter((n) => !n.startsWith('_') && !n.startsWith('.')).length;

const rows: { save: number; publish: number; total: number }[] = [];
try {
  for (let r = 0; r < runs; r++) {
    const text = readFileSync(join(root, id, page), 'utf8').replace(
      /^headline: .*$/m,
      `headline: "Run ${r}"`,
    );
    let t = performance.now();
    const saved = await saveCampaignFiles(root, id, { [page]: text }, account);
    const save = performance.now() - t;
    if (!saved.valid) throw new Error(`the save has errors: ${JSON.stringify(saved.problems)}`);
    t = performance.now();
    let live = 0;
    const result = await publish({
      root,
      dir,
      account,
      build: buildServerSite,
      // What the server does at the switch: load the new build (its handler; the campaigns as checked).
      onLive: async (build, checked) => {
        await loadPublishedBuild(build, checked);
        live = performance.now() - t;
      },
    });
    if (!result.ok) throw new Error(`${result.message}\n${JSON.stringify(result.problems, null, 1)}`);
    const published = performance.now() - t;
    rows.push({ save, publish: published, total: live });
    console.log(
      `run ${r + 1}: save ${save.toFixed(0)} ms; live after ${(live / 1000).toFixed(2)} s (check ${result.steps.checkMs} ms, build ${result.steps.buildMs} ms, swap and server switch ${result.steps.switchMs} ms); then history and old builds ${result.steps.recordMs} ms`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
console.log(
  JSON.stringify({
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    campaigns,
    runs,
    medianSaveMs: Math.round(median(rows.map((r) => r.save))),
    medianPublishToLiveS: Number((median(rows.map((r) => r.total)) / 1000).toFixed(2)),
  }),
);
