import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EvaluationSchema } from '../../src/core/campaign/index.ts';
import { drawAssignment } from '../../src/core/plan/index.ts';

const SENEGAL = 'safe-journeys-senegal-2027';
const fresh = () => mkdtempSync(join(tmpdir(), 'cp-plan-'));
const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/counterpoint.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, COUNTERPOINT_HASH_KEY: 'test-key', ...env },
  });

describe('counterpoint plan on the Senegal example (4 communities, 2 reached, 60 per community and wave)', () => {
  const dir = fresh();
  const env = { DATABASE_URL: `sqlite:${join(dir, 'plan.db')}` };
  const out = join(dir, 'plans');
  const r = cli(['plan', SENEGAL, '--out', out], env);

  test('prints an MDE for intention of at least 0.2, the communities needed for 10 pp, and a plain warning', () => {
    assert.equal(r.status, 0, r.stderr);
    const mde = Number(/MDE\s+\d+ pp \((\d\.\d+)\) on intention/.exec(r.stdout)?.[1]);
    assert.ok(mde >= 0.2, r.stdout);
    const needed = Number(/clusters needed\s+(\d+) communities per arm for 10 pp/.exec(r.stdout)?.[1]);
    assert.ok(needed > 2, r.stdout);
    assert.match(
      r.stdout,
      /! Warning: .*it cannot detect the 10 pp worth detecting; \d+ communities per arm would be needed/,
    );
    assert.match(
      r.stdout,
      /randomisation\s+6 possible assignments: the smallest p-value this design allows is 1\/3/,
    );
  });

  test('writes the pre-analysis plan, Markdown and PDF: primary indicator, method, MDE, assignment, date', () => {
    const md = readFileSync(join(out, 'pre-analysis-plan.md'), 'utf8');
    assert.match(md, /^# Pre-analysis plan: Safe Journeys Senegal 2027\n/);
    assert.match(md, /- Written: \d{4}-\d{2}-\d{2}, before any endline survey data was imported/);
    assert.match(md, /- Primary: \*\*intention\*\*/);
    assert.match(md, /- Secondary: exposure-recall, knowledge, risk-perception; their p-values are adjusted/);
    assert.match(md, /- Reached by the campaign: guediawaye, pikine\n- Comparison: mbour, rufisque/);
    assert.match(md, /Minimum detectable effect on intention .*: \*\*\d+ pp\*\*/);
    assert.match(md, /cluster-robust standard error CR2/);
    assert.match(md, /6 assignments, so the smallest p-value this design allows is 1\/3/);
    assert.equal(readFileSync(join(out, 'pre-analysis-plan.pdf')).subarray(0, 5).toString(), '%PDF-');
  });

  test('refuses to write a plan once endline survey data exists, unless --force; the forced one says so', () => {
    const imported = cli(
      ['import', 'kobo', 'tests/fixtures/samples/kobo-survey-export.csv', '--campaign', SENEGAL],
      env,
    );
    assert.equal(imported.status, 0, imported.stderr);
    const late = join(dir, 'late');
    const refused = cli(['plan', SENEGAL, '--out', late, '--no-pdf'], env);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /\d+ endline respondents of safe-journeys-senegal-2027 are already in the store, so no pre-analysis plan was written: a pre-analysis plan must be written before the endline exists/,
    );
    assert.match(refused.stdout, /MDE\s+\d+ pp/, 'the figures are still printed');
    assert.equal(existsSync(join(late, 'pre-analysis-plan.md')), false);
    const forced = cli(['plan', SENEGAL, '--out', late, '--no-pdf', '--force'], env);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(
      readFileSync(join(late, 'pre-analysis-plan.md'), 'utf8'),
      /- Written: .* — \*\*after\*\* \d+ endline respondents were already imported/,
    );
  });
});

describe('random assignment of clusters to arms', () => {
  const six = ['thies-nord', 'thies-sud', 'tivaouane', 'mbour', 'joal', 'kayar'];

  test('the same seed gives the same assignment, whatever order the names are listed in', () => {
    const a = drawAssignment(six, 42);
    assert.deepEqual(drawAssignment([...six].reverse(), 42), a);
    assert.deepEqual(
      drawAssignment(
        six.map((n) => n.toUpperCase()),
        42,
      ),
      a,
    );
    assert.equal(a.treatment.length, 3);
    assert.deepEqual([...a.treatment, ...a.control].sort(), [...six].sort());
  });

  test('over many seeds every one of the C(6,3) = 20 assignments comes up about equally often', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 20_000; seed++) {
      const key = drawAssignment(six, seed).treatment.join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.equal(counts.size, 20);
    // χ² with 19 df: 43.8 is its 0.999 quantile.
    const chi2 = [...counts.values()].reduce((s, n) => s + (n - 1000) ** 2 / 1000, 0);
    assert.ok(chi2 < 43.8, `χ² = ${chi2}`);
  });

  test('counterpoint plan draws clusters listed under assign, prints the seed and the arms to record, and draws them again from that seed', () => {
    const root = fresh();
    cpSync('campaigns', root, { recursive: true });
    const file = join(root, SENEGAL, 'campaign.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        / {2}clusters:\n {4}unit: community\n {4}treatment: \[pikine, guediawaye\]\n {4}control: \[rufisque, mbour\]\n/,
        `  clusters:\n    assign: [${six.join(', ')}]\n`,
      ),
    );
    const env = { COUNTERPOINT_CAMPAIGNS: root, DATABASE_URL: `sqlite:${join(root, 'p.db')}` };
    const first = cli(['plan', SENEGAL, '--out', join(root, 'out'), '--no-pdf'], env);
    assert.equal(first.status, 0, first.stderr);
    const seed = /assignment\s+drawn with seed (\d+): reached ([a-z-, ]+); comparison/.exec(first.stdout);
    assert.ok(seed, first.stdout);
    assert.match(
      first.stdout,
      new RegExp(
        `Record the assignment in campaign.yaml before the baseline survey .*\\n  clusters:\\n    unit: community\\n    treatment: \\[${seed[2]}\\]\\n    control: \\[[a-z-, ]+\\]\\n    seed: ${seed[1]}`,
      ),
    );
    const again = cli(['plan', SENEGAL, '--out', join(root, 'out'), '--no-pdf', '--seed', seed[1]!], env);
    assert.match(again.stdout, new RegExp(`drawn with seed ${seed[1]}: reached ${seed[2]};`));
    assert.match(
      readFileSync(join(root, 'out', 'pre-analysis-plan.md'), 'utf8'),
      new RegExp(`Drawn at random with seed \\*\\*${seed[1]}\\*\\*`),
    );
  });
});

describe('evaluation plan errors', () => {
  const base = { design: 'difference-in-differences', indicators: ['intention', 'knowledge'] };
  const messages = (input: unknown) => {
    const r = EvaluationSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  for (const [name, input, expected] of [
    [
      'a primary indicator the plan does not measure',
      { ...base, primary: 'legal-awareness' },
      [
        'primary: the primary indicator "legal-awareness" is not among evaluation.indicators (intention, knowledge); add it there or name one of those',
      ],
    ],
    [
      'clusters both per arm and to assign',
      { ...base, clusters: { treatment: ['a'], control: ['b'], assign: ['c', 'd'] } },
      [
        'clusters.assign: clusters are listed both under assign and per arm; once the assignment is drawn, move every cluster to treatment or control and remove assign',
      ],
    ],
    [
      'an arm without clusters',
      { ...base, clusters: { treatment: ['a', 'b'] } },
      [
        'clusters.control: every arm needs at least one community: without a comparison community there is no effect to estimate',
      ],
    ],
    [
      'a cluster in both arms',
      { ...base, clusters: { treatment: ['Pikine'], control: ['pikine'] } },
      ['clusters.control.0: "pikine" is listed twice; each community belongs to one arm'],
    ],
    [
      'a baseline in percent',
      { ...base, baseline: 39 },
      [
        'baseline: a share is between 0 and 1 (39 % is 0.39); for a mean on a scale, give its standard deviation as sd',
      ],
    ],
    [
      'a smallest effect in percentage points',
      { ...base, smallestEffect: 10 },
      ['smallestEffect: 10 is more than the whole range of a share; write 10 percentage points as 0.1'],
    ],
  ] as const) {
    test(name, () => assert.deepEqual(messages(input), expected));
  }
});

test("the plan's printed page: the Markdown as a self-contained English page, its tables kept, anything active removed", async () => {
  const { openReportRenderer } = await import('../../src/views/report-document.ts');
  const renderer = await openReportRenderer();
  try {
    const html = await renderer.renderPlan(
      '# Pre-analysis plan: X\n\n| arm | communities |\n| --- | --- |\n| reached | 2 |\n\n<script>alert(1)</script><img src=x onerror=alert(1)>',
      'X: pre-analysis plan',
    );
    assert.match(html, /^<!DOCTYPE html><html lang="en" dir="ltr">/);
    assert.match(html, /<title>X: pre-analysis plan<\/title>/);
    assert.match(html, /<h1>Pre-analysis plan: X<\/h1>/);
    assert.match(html, /<td>reached<\/td>\s*<td>2<\/td>/);
    assert.doesNotMatch(html, /<script>alert|onerror/);
    assert.doesNotMatch(html, /https?:\/\//, 'no external request');
  } finally {
    await renderer.close();
  }
});
