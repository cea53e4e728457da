import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Report } from '../../src/core/report/index.ts';

/**
 * The attack of issue 17 on the survey outcomes, from what `counterpoint report` prints as JSON and as
 * CSV on a real SQLite store holding the Kobo sample of the Senegal example. A share is withheld when its
 * numerator or complement is under 10, so an attacker knows each withheld numerator x lies in 0…9 or
 * n − 9…n. Every combination of those is tried against every figure the views still show that is computed
 * from the cells: the effect (a difference of the four shares), the unclustered HC2 standard error
 * (for this saturated model √Σ p(1 − p)/(n − 1), White 1980 with MacKinnon & White's 1985 HC2 leverage
 * 1/n per cell), and the minimum detectable effect (proportional to √(p̄(1 − p̄)) of the pooled baseline
 * share, the factor read off an indicator whose cells are all shown). Before the fix the endline share, the
 * effect and the cell sizes left one solution for exposure recall (2/119, 4/117, 8/117, the sample file's
 * counts); now every withheld count must keep at least two candidates.
 */

const SENEGAL = 'safe-journeys-senegal-2027';
const dir = mkdtempSync(join(tmpdir(), 'cp-evidence-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(dir, 'r.db')}`,
  COUNTERPOINT_HASH_KEY: 'evidence-test',
};
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

/** RFC 4180 rows (quoted fields, doubled quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

type Outcome = Report['outcomes'][number];
interface Shown {
  estimate?: number;
  hc2?: number;
  mde?: number;
}

/** The figures computed from an outcome's cells that one view shows. */
function shownInJson(o: Outcome): Shown {
  const e = o.effect;
  if (!e) return {};
  return {
    estimate: e.estimate,
    ...(e.clustered?.hc2.se != null && { hc2: e.clustered.hc2.se }),
    ...(e.mde !== null && { mde: e.mde }),
  };
}
function shownInCsv(rows: string[][], indicator: string): Shown {
  const out: Shown = {};
  for (const r of rows) {
    if (r[1] !== indicator) continue;
    if (r[0] === 'effect' && r[3]) out.estimate = Number(r[3]);
    if (r[0] === 'effect-mde' && r[3]) out.mde = Number(r[3]);
    const se = /^SE ([\d.e-]+)/.exec(r[7] ?? '');
    if (r[0] === 'effect-test' && r[2] === 'unclustered HC2 p-value' && se) out.hc2 = Number(se[1]);
  }
  return out;
}

const SIGN = (c: { wave: string; arm: string }) =>
  (c.wave === 'endline' ? 1 : -1) * (c.arm === 'treatment' ? 1 : -1);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/**
 * For each withheld cell of a share outcome, the numerators consistent with what is shown; `mdeFactor`
 * is MDE / √(p̄(1 − p̄)) from a fully shown indicator (null when none is).
 */
function candidates(o: Outcome, shown: Shown, mdeFactor: number | null): Map<string, Set<number>> {
  const cells = o.cells.map((c) => ({ ...c, n: c.value.n.value! }));
  const open = cells.filter((c) => c.value.estimate === null);
  const known = cells.filter((c) => c.value.estimate !== null);
  const ranges = open.map((c) => [
    ...new Set([
      ...Array.from({ length: 10 }, (_, i) => i),
      ...Array.from({ length: 10 }, (_, i) => c.n - i),
    ]),
  ]);
  const found = new Map(open.map((c) => [`${c.wave} ${c.arm}`, new Set<number>()]));
  const pick = new Array<number>(open.length).fill(0);
  const visit = (i: number) => {
    if (i < open.length) {
      for (const x of ranges[i]!) {
        pick[i] = x;
        visit(i + 1);
      }
      return;
    }
    const share = (c: (typeof cells)[number]) => {
      const j = open.indexOf(c);
      return j >= 0 ? pick[j]! / c.n : Math.round(c.value.estimate! * c.n) / c.n;
    };
    if (
      shown.estimate !== undefined &&
      !close(
        cells.reduce((s, c) => s + SIGN(c) * share(c), 0),
        shown.estimate,
      )
    )
      return;
    if (shown.hc2 !== undefined) {
      const se = Math.sqrt(cells.reduce((s, c) => s + (share(c) * (1 - share(c))) / (c.n - 1), 0));
      if (!close(se, shown.hc2)) return;
    }
    if (shown.mde !== undefined && mdeFactor !== null) {
      const base = cells.filter((c) => c.wave === 'baseline');
      const p = base.reduce((s, c) => s + share(c) * c.n, 0) / base.reduce((s, c) => s + c.n, 0);
      if (!close(mdeFactor * Math.sqrt(p * (1 - p)), shown.mde)) return;
    }
    open.forEach((c, j) => found.get(`${c.wave} ${c.arm}`)!.add(pick[j]!));
  };
  if (known.length + open.length === 4) visit(0);
  return found;
}

describe('withheld survey counts cannot be solved for from the report (issue 17)', () => {
  let json: Report;
  let csv: string[][];
  before(() => {
    run('import', 'kobo', 'tests/fixtures/samples/kobo-survey-export.csv', '--campaign', SENEGAL);
    json = JSON.parse(run('report', SENEGAL, '--format', 'json')) as Report;
    csv = parseCsv(run('report', SENEGAL, '--format', 'csv'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exposure recall has withheld cells on the sample (the case the issue measured)', () => {
    const o = json.outcomes.find((x) => x.indicator === 'exposure-recall')!;
    assert.equal(o.cells.filter((c) => c.value.estimate === null).length, 3);
  });

  test('every equation the JSON and the CSV allow leaves each withheld count at least two values', () => {
    const full = json.outcomes.find(
      (o) => o.kind === 'share' && o.effect?.mde && o.cells.every((c) => c.value.estimate !== null),
    );
    let mdeFactor: number | null = null;
    if (full) {
      const base = full.cells.filter((c) => c.wave === 'baseline');
      const p =
        base.reduce((s, c) => s + Math.round(c.value.estimate! * c.value.n.value!), 0) /
        base.reduce((s, c) => s + c.value.n.value!, 0);
      mdeFactor = full.effect!.mde! / Math.sqrt(p * (1 - p));
    }
    const recovered: string[] = [];
    let tried = 0;
    for (const o of json.outcomes.filter((x) => x.kind === 'share')) {
      for (const [view, shown] of [
        ['json', shownInJson(o)],
        ['csv', shownInCsv(csv, o.indicator)],
      ] as const) {
        for (const [cell, values] of candidates(o, shown, mdeFactor)) {
          tried++;
          if (values.size < 2) recovered.push(`${view}: ${o.indicator} ${cell} = ${[...values].join('|')}`);
        }
      }
    }
    assert.ok(tried >= 6, 'the attack ran on the withheld cells of both views');
    assert.deepEqual(recovered, []);
  });

  test('no figure computed from a withheld cell is printed: effect, SEs, p-values, MDE, cost', () => {
    const o = json.outcomes.find((x) => x.indicator === 'exposure-recall')!;
    assert.equal(o.effect, null);
    assert.deepEqual(o.notes, [{ key: 'dashboard.evidence.effectWithheld', values: {} }]);
    assert.ok(!json.cost.perOutcomePoint.some((p) => p.indicator === 'exposure-recall'));
    assert.equal(
      json.cost.notPriced.find((p) => p.indicator === 'exposure-recall')?.message?.key,
      'dashboard.evidence.notPriced.withheld',
    );
    const rows = csv.filter((r) => r[1] === 'exposure-recall' && /^effect/.test(r[0]!));
    assert.deepEqual(
      rows.map((r) => r[0]),
      ['effect-note'],
    );
    assert.ok(!json.caveats.some((c) => c.includes('exposure-recall')), 'no caveat names its SE');
  });
});
