// Build benchmark: 100 campaigns × 12 languages (landing + print pages = 2,400 pages) against a bare
// Astro 7 project that builds the same number of trivial pages, both in this run on this machine.
// Usage: npm run bench:build  (or: node bench/build.ts --campaigns 100 --runs 5 [--disk | --out DIR])
//
// Both builds write their output to a RAM file system (/dev/shm) unless --disk is given. On this
// project's CI and development VMs the disk is ext4 without a journal, where creating a file right
// after deleting thousands (every build empties its output folder first) scans the recently deleted
// inodes one by one: the cost then grows with how many files the previous builds deleted in the last
// minutes, and the figures drift from run to run. --disk measures that too (outputs under bench/.work);
// --out DIR puts both outputs in DIR (say, a journaled ext4 mounted there).
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CAMPAIGNS = arg('campaigns', 100);
const RUNS = arg('runs', 5);
const outArg = process.argv.indexOf('--out');
const OUT = outArg >= 0 ? resolve(process.argv[outArg + 1]!) : undefined;
const DISK = process.argv.includes('--disk') || (!OUT && !existsSync('/dev/shm'));
const LANGS = ['en', 'fr', 'ar', 'prs', 'ps', 'ti', 'so', 'ha', 'wo', 'uk', 'ru', 'zh-Hans'];
const work = resolve('bench/.work');
const root = join(work, 'campaigns');
const outBase = OUT ? join(OUT, 'counterpoint-bench') : DISK ? work : '/dev/shm/counterpoint-bench';
const outOurs = join(outBase, 'dist');
const outBare = join(outBase, 'bare-dist');

const paragraph = (i: number, lang: string) =>
  `Paragraph ${i} (${lang}). Smugglers promise a safe crossing and a job on arrival; the boats are overcrowded, the desert crossing takes weeks, and debts grow on the way. Families pay twice: once for the journey and again for ransom. **Ask before you pay.** [More](https://example.org/${lang}/${i}).`;

function writeCampaigns() {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, '_messages', 'joint'), { recursive: true });
  writeFileSync(
    join(root, '_messages', 'joint', 'message.yaml'),
    'id: joint\ntitle: Joint message\nversion: 1\n',
  );
  for (const lang of LANGS)
    writeFileSync(
      join(root, '_messages', 'joint', `${lang}.md`),
      `---\ntitle: Joint message ${lang}\n---\n${paragraph(0, lang)}\n`,
    );
  for (let n = 0; n < CAMPAIGNS; n++) {
    const id = `bench-campaign-${n}`;
    const dir = join(root, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'campaign.yaml'),
      `id: ${id}
title: Benchmark campaign ${n}
example: true
owner: { id: bench-org, name: Benchmark organisation }
status: active
window: { start: 2027-02-01, end: 2027-03-31 }
languages: { default: en, published: [${LANGS.join(', ')}] }
messages: [joint]
audiences:
  - { id: youth, description: Young people, segment: potential-migrants, countries: [SN], languages: [fr, wo, en], size: 10000, targets: { reach: 5000 } }
  - { id: diaspora, description: Diaspora, segment: diaspora, countries: [IT], languages: [fr], size: 1000, targets: { reach: 500 } }
channels: [facebook, radio, diaspora-ambassador]
contactPoints:
  - { id: sn-help, country: SN, organisation: Help desk, phone: "+221 00 000 00 01", whatsapp: "+221 00 000 00 02", hours: [{ days: [mon, tue, wed, thu, fri], opens: "09:00", closes: "17:00" }], languages: [fr, wo] }
  - { id: it-help, country: IT, organisation: Help desk Italy, phone: "+39 000 000 0001", languages: [fr] }
measures:
  - { id: seasonal, kind: labour-migration, title: Legal seasonal work, link: "https://example.org/seasonal" }
evaluation: { design: pre-post, indicators: [knowledge] }
`,
    );
    for (const lang of LANGS) {
      writeFileSync(
        join(dir, `${lang}.md`),
        `---\nheadline: Campaign ${n} headline in ${lang}\nsummary: What smugglers do not tell you, campaign ${n}.\nshare: Read this before you go\nfacts: [The sea is dangerous, Legal work exists, Help is free]\n---\n## {#reality}\n${paragraph(1, lang)}\n\n${paragraph(2, lang)}\n\n## {#testimonies}\n> ${paragraph(3, lang)}\n\n## {#alternatives}\n${paragraph(4, lang)}\n\n- One\n- Two\n\n## {#help}\n${paragraph(5, lang)}\n`,
      );
    }
  }
}

function writeBareProject(pages: number) {
  const dir = join(work, 'bare');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src', 'pages'), { recursive: true });
  writeFileSync(
    join(dir, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';\nexport default defineConfig({ outDir: ${JSON.stringify(outBare)} });\n`,
  );
  writeFileSync(join(dir, 'package.json'), '{ "name": "bare", "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, 'src', 'pages', '[...slug].astro'),
    `---\nexport function getStaticPaths() {\n  return Array.from({ length: ${pages} }, (_, i) => ({ params: { slug: \`page-\${i}\` } }));\n}\nconst { slug } = Astro.params;\n---\n<html lang="en"><head><title>{slug}</title></head><body><h1>{slug}</h1></body></html>\n`,
  );
  return dir;
}

function time(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): number {
  const start = process.hrtime.bigint();
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

writeCampaigns();
const pages = CAMPAIGNS * LANGS.length * 2;
const bare = writeBareProject(pages);
const astroBin = resolve('node_modules/astro/bin/astro.mjs');
const ours: number[] = [];
const baseline: number[] = [];
for (let r = 0; r < RUNS; r++) {
  baseline.push(time(process.execPath, [astroBin, 'build'], bare));
  // What `npm run build` runs (validation included), on the same Node as the bare build.
  ours.push(
    time(process.execPath, [resolve('scripts/build.ts')], resolve('.'), {
      COUNTERPOINT_CAMPAIGNS: root,
      COUNTERPOINT_OUT: outOurs,
    }),
  );
}
const o = median(ours);
const b = median(baseline);
const result = {
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  output: OUT ? outBase : DISK ? `disk (${outBase})` : 'RAM file system (/dev/shm)',
  campaigns: CAMPAIGNS,
  languages: LANGS.length,
  pages,
  counterpointSeconds: Number(o.toFixed(2)),
  bareAstroSeconds: Number(b.toFixed(2)),
  ratio: Number((o / b).toFixed(2)),
  msPerPage: Number(((o * 1000) / pages).toFixed(2)),
  runs: {
    counterpoint: ours.map((x) => Number(x.toFixed(2))),
    bareAstro: baseline.map((x) => Number(x.toFixed(2))),
  },
  target: 'ratio ≤ 2',
};
if (!DISK) rmSync(outBase, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
process.exitCode = result.ratio <= 2 ? 0 : 1;
