import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadCampaigns } from '../../src/core/workspace/index.ts';
import { ageBand } from '../../src/core/imports/survey-covariates.ts';
import { englishRuns, stringsOf } from '../fixtures/english-runs.ts';
import { protectBreakdown, standardisedDifference } from '../../src/core/report/balance.ts';
import type { Report } from '../../src/core/report/index.ts';
import { suppressSmallCounts } from '../../src/core/stats/index.ts';

/**
 * Issue 17, evidence items 2 and 4 on the Senegal sample, through `counterpoint report` on a real SQLite
 * store: the balance table by arm and wave against counts taken from the Kobo file with another parser,
 * its small counts not solvable from what it shows, and the "don't know" sensitivity against the DiD of
 * the shares computed from the file.
 */
const SENEGAL = 'safe-journeys-senegal-2027';
const dir = mkdtempSync(join(tmpdir(), 'cp-balance-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(dir, 'r.db')}`,
  COUNTERPOINT_HASH_KEY: 'balance-test',
};
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/counterpoint.js', ...args], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const file = (
  parse(readFileSync('tests/fixtures/samples/kobo-survey-export.csv'), {
    columns: true,
    delimiter: ';',
    bom: true,
  }) as Record<string, string>[]
).filter((r) => r['consent'] === 'yes');
const ARMS: Record<string, string> = {
  pikine: 'treatment',
  guediawaye: 'treatment',
  rufisque: 'control',
  mbour: 'control',
};
const armOf = (r: Record<string, string>) => ARMS[r['group_admin/community']!]!;
const waveOf = (r: Record<string, string>) => r['group_admin/survey_round']!;
const levelOf = (r: Record<string, string>, covariate: string) =>
  covariate === 'age'
    ? ageBand(Number(r['group_profile/age']), [15, 18, 25, 35])
    : r[`group_profile/${covariate}`]!;

describe('standardised difference of a share (Austin 2009, eq. 2)', () => {
  for (const [p1, p2, d] of [
    [0.5, 0.3, 0.4170288281141496],
    [0.2, 0.1, 0.282842712474619],
    [0.05, 0.5, -1.166766702393896],
    [0.3, 0.3, 0],
  ] as const)
    test(`p₁ ${p1}, p₂ ${p2}: d = ${d}`, () =>
      assert.ok(Math.abs(standardisedDifference(p1, p2)! - d) < 1e-12));
  test('no spread (both 0 or both 1): no difference, not 0/0', () => {
    assert.equal(standardisedDifference(0, 0), null);
    assert.equal(standardisedDifference(1, 1), null);
  });
});

describe('complementary suppression that leaves no withheld count pinned', () => {
  test('a "<10" and a "withheld" adding up to 10 would pin both (0 and 10): a third count is withheld', () => {
    const plain = suppressSmallCounts([0, 10, 50].map((count, i) => ({ key: String(i), count })));
    assert.deepEqual(
      plain.map((c) => c.suppressed),
      [true, true, false],
      'suppressSmallCounts alone stops there',
    );
    assert.deepEqual(
      protectBreakdown([0, 10, 50], false).map((c) => c.shown),
      [false, false, false],
    );
  });
  test('small counts with a large enough complement stay as suppressSmallCounts leaves them', () => {
    assert.deepEqual(
      protectBreakdown([4, 30, 50], false).map((c) => c.shown),
      [false, false, true],
    );
    assert.deepEqual(
      protectBreakdown([14, 30, 50], false).map((c) => c.shown),
      [true, true, true],
    );
  });
});

describe('balance table and "don\'t know" sensitivity on the Senegal sample', () => {
  let json: Report;
  before(() => {
    run('import', 'kobo', 'tests/fixtures/samples/kobo-survey-export.csv', '--campaign', SENEGAL);
    json = JSON.parse(run('report', SENEGAL, '--format', 'json')) as Report;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("every shown count, share and standardised difference is the file's; |d| > 0.1 flagged", () => {
    assert.ok(json.balance.length >= 12);
    let checked = 0;
    for (const b of json.balance) {
      const inWave = file.filter((r) => waveOf(r) === b.wave);
      const count = (arm: string) =>
        inWave.filter((r) => armOf(r) === arm && levelOf(r, b.covariate) === b.level).length;
      const total = (arm: string) => inWave.filter((r) => armOf(r) === arm).length;
      for (const arm of ['treatment', 'control'] as const) {
        const cell = b[arm];
        if (cell.count.value === null) {
          assert.equal(cell.share, null);
          continue;
        }
        assert.equal(cell.count.value, count(arm), `${b.wave} ${b.covariate} ${b.level} ${arm}`);
        assert.ok(Math.abs(cell.share! - count(arm) / total(arm)) < 1e-12);
        checked++;
      }
      if (b.treatment.share !== null && b.control.share !== null) {
        const [p1, p2] = [b.treatment.share, b.control.share];
        const d = (p1 - p2) / Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / 2);
        assert.ok(Math.abs(b.standardised! - d) < 1e-12);
        assert.equal(b.imbalanced, Math.abs(d) > 0.1);
      } else assert.equal(b.standardised, null);
    }
    assert.ok(checked >= 20);
    const gender = json.balance.find(
      (b) => b.wave === 'baseline' && b.covariate === 'gender' && b.level === 'female',
    )!;
    assert.equal(
      gender.imbalanced,
      true,
      'baseline gender differs between the arms in the sample (d ≈ 0.21)',
    );
  });

  test('no withheld balance count can be solved for from the shown counts and the arm totals', () => {
    // The attacker knows each wave × arm total (the outcome cells' n of an indicator everyone answered),
    // that "<10" is 0…9 and "withheld" is 10 or more, and every shown count of the breakdown.
    const cells = json.outcomes.find((o) => o.indicator === 'risk-perception')!.cells;
    const recovered: string[] = [];
    let tried = 0;
    const groups = new Map<string, Report['balance']>();
    for (const b of json.balance) {
      const k = `${b.wave}|${b.covariate}`;
      groups.set(k, [...(groups.get(k) ?? []), b]);
    }
    for (const [k, rows] of groups)
      for (const arm of ['treatment', 'control'] as const) {
        const total = cells.find((c) => c.wave === k.split('|')[0] && c.arm === arm)!.value.n.value!;
        const hidden = rows.filter((r) => r[arm].count.value === null);
        if (!hidden.length) continue;
        const rest = total - rows.reduce((s, r) => s + (r[arm].count.value ?? 0), 0);
        const found = hidden.map(() => new Set<number>());
        const pick: number[] = [];
        const visit = (i: number, left: number) => {
          if (i === hidden.length) {
            if (left === 0) pick.forEach((x, j) => found[j]!.add(x));
            return;
          }
          const small = hidden[i]![arm].count.display === '<10';
          for (let x = small ? 0 : 10; x <= (small ? Math.min(9, left) : left); x++) {
            pick[i] = x;
            visit(i + 1, left - x);
          }
        };
        visit(0, rest);
        hidden.forEach((h, j) => {
          tried++;
          if (found[j]!.size < 2) recovered.push(`${k} ${h.level} ${arm}: ${[...found[j]!].join('|')}`);
        });
      }
    assert.ok(tried >= 2, 'the sample has withheld balance counts (endline 15–17)');
    assert.deepEqual(recovered, []);
  });

  test('"don\'t know" for intention: the effect scored as the plan says and with them left out, against the file', () => {
    const o = json.outcomes.find((x) => x.indicator === 'intention')!;
    const share = (wave: string, arm: string, leaveOut: boolean) => {
      const rows = file.filter(
        (r) =>
          waveOf(r) === wave &&
          armOf(r) === arm &&
          r['group_intention/intend_irregular'] !== '' &&
          !(leaveOut && r['group_intention/intend_irregular'] === 'dont_know'),
      );
      return rows.filter((r) => r['group_intention/intend_irregular'] === 'yes').length / rows.length;
    };
    const did = (leaveOut: boolean) =>
      share('endline', 'treatment', leaveOut) -
      share('baseline', 'treatment', leaveOut) -
      (share('endline', 'control', leaveOut) - share('baseline', 'control', leaveOut));
    assert.ok(Math.abs(o.effect!.estimate - did(false)) < 1e-12);
    const dk = o.sensitivity!.dontKnow!;
    assert.equal(
      dk.answers.value,
      file.filter((r) => r['group_intention/intend_irregular'] === 'dont_know').length,
    );
    assert.ok(Math.abs(dk.excluded!.estimate - did(true)) < 1e-12);
    assert.ok(Math.abs(dk.range!.lower - Math.min(did(false), did(true))) < 1e-12);
    assert.ok(Math.abs(dk.range!.upper - Math.max(did(false), did(true))) < 1e-12);
    assert.equal(o.sensitivity!.messages[1]!.key, 'dashboard.sensitivity.dontKnowShare');
    assert.ok(dk.excluded!.lower !== null && dk.excluded!.df! > 0, 'CR2 interval as the primary has');
    const knowledge = json.outcomes.find((x) => x.indicator === 'knowledge')!;
    assert.equal(knowledge.sensitivity!.dontKnow, null, 'no "don\'t know" answers mapped for knowledge');
  });

  test('the adjusted effect sits beside each shown clustered effect, with its dummies and a message', () => {
    for (const o of json.outcomes.filter((x) => x.effect?.clustered)) {
      const s = o.sensitivity!;
      assert.deepEqual(s.covariates, ['age', 'gender', 'language']);
      assert.equal(s.adjusted!.dummies, 4, 'age 2 (three bands), gender 1, language 1');
      assert.equal(
        s.adjusted!.respondents,
        o.cells.reduce((n, c) => n + c.value.n.value!, 0),
        'every respondent kept (an unanswered covariate is a level of its own)',
      );
      assert.match(s.messages[0]!.key, /^dashboard\.sensitivity\.adjusted(Share|Mean)$/);
    }
    assert.equal(
      json.outcomes.find((o) => o.indicator === 'exposure-recall')!.sensitivity,
      null,
      'withheld effect: no sensitivity',
    );
  });

  test('the CSV carries the balance rows and the sensitivity analyses; a withheld count has no share there either', () => {
    const csv = run('report', SENEGAL, '--format', 'csv').split(/\r?\n/);
    for (const b of json.balance)
      for (const arm of ['treatment', 'control'] as const) {
        const key = `balance,${b.wave} ${b.covariate} ${b.level || '(not answered)'}`;
        assert.ok(csv.some((l) => l.startsWith(`${key},${arm} respondents,${b[arm].count.display},,,,,`)));
        assert.ok(csv.some((l) => l.startsWith(`${key},${arm} share,${b[arm].share ?? ''},,,,,`)));
      }
    assert.ok(
      csv.some((l) => l.startsWith('balance,endline age 15-17,treatment share,,')),
      'withheld: empty',
    );
    assert.ok(csv.some((l) => /^sensitivity,intention,don't know left out,-0\.07/.test(l)));
    assert.ok(csv.some((l) => l.startsWith('sensitivity,intention,"adjusted for age, gender, language"')));
  });

  test('the Arabic report shows the balance table and the sensitivity sentences in Arabic', () => {
    const html = run('report', SENEGAL, '--format', 'html', '--language', 'ar');
    assert.match(html, /توازن المجموعتين/);
    assert.match(html, /مع أخذ فئة عمر المستجيبين/);
    assert.match(html, /عند استبعاد إجابات «لا أعرف»/);
    assert.doesNotMatch(html, /Allowing for the respondents|left out instead of counted/);
  });

  test('the Arabic report has no English sentence: reasons, caveats, methods and scorecard are messages', () => {
    const html = run('report', SENEGAL, '--format', 'html', '--language', 'ar');
    const loaded = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === SENEGAL)!;
    assert.deepEqual(englishRuns(html, stringsOf(loaded)), []);
    const report = JSON.parse(run('report', SENEGAL, '--format', 'json')) as Report;
    assert.equal(report.caveatMessages.length, report.caveats.length);
    assert.ok(report.scorecard.every((s) => s.messages.length > 0));
  });
});

describe('"don\'t know" figures are withheld where a group has few of them', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cp-dk-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  test('3 "don\'t know" in one wave × arm: no effect without them, no count, a reason', async () => {
    const { buildReport } = await import('../../src/core/report/index.ts');
    const { importSurvey } = await import('../../src/core/imports/index.ts');
    const { openStore } = await import('../../src/core/metrics/index.ts');
    const loaded = loadCampaigns('campaigns').campaigns.find((c) => c.campaign.id === SENEGAL)!;
    const lines = readFileSync('tests/fixtures/samples/kobo-survey-export.csv', 'utf8').split(/\r?\n/);
    const head = lines[0]!.split(';');
    const [w, c, q] = ['survey_round', 'community', 'intend_irregular'].map((f) =>
      head.findIndex((h) => h.endsWith(`/${f}`)),
    );
    let kept = 0;
    const out = lines.map((l, i) => {
      if (i === 0 || !l) return l;
      const f = l.split(';');
      // Endline, reached communities: keep 3 "don't know", the others become "no".
      if (f[w!] === 'endline' && ['pikine', 'guediawaye'].includes(f[c!]!) && f[q!] === 'dont_know')
        if (++kept > 3) f[q!] = 'no';
      return f.join(';');
    });
    const file = join(tmp, 'few-dk.csv');
    writeFileSync(file, out.join('\r\n'));
    const store = await openStore(`sqlite:${join(tmp, 'dk.db')}`);
    try {
      assert.equal(
        (await importSurvey({ store, campaign: loaded.campaign, source: 'kobo', file, key: 'k' })).ok,
        true,
      );
      const report = await buildReport(store, loaded);
      const o = report.outcomes.find((x) => x.indicator === 'intention')!;
      assert.ok(kept > 3, 'the sample had more than 3 there');
      assert.ok(o.effect, 'the main effect is still shown');
      assert.deepEqual(o.sensitivity!.dontKnow, {
        answers: { value: null, display: 'withheld', suppressed: true },
        excluded: null,
        range: null,
      });
      assert.ok(o.sensitivity!.messages.some((m) => m.key === 'dashboard.sensitivity.dontKnowWithheld'));
      assert.ok(o.sensitivity!.adjusted, 'the adjusted effect does not depend on them');
    } finally {
      await store.close();
    }
  });
});

describe("messages in the evaluator's language", () => {
  test('Arabic isolates a left-to-right value (FSI … PDI); lists of keys are translated and joined per language', async () => {
    const { formattersFor, sayWith } = await import('../../src/core/report/index.ts');
    const echo = ((key: string, v: Record<string, unknown> = {}) =>
      key.startsWith('k.') ? key.slice(2).toUpperCase() : `${key} ${JSON.stringify(v)}`) as never;
    assert.equal(
      sayWith(echo, formattersFor('ar'))('m', { audiences: 'youth-dakar, diaspora-italy', nN: 3 }),
      'm {"audiences":"\u2068youth-dakar, diaspora-italy\u2069","nN":"3"}',
    );
    assert.equal(sayWith(echo, formattersFor('en'))('m', { ids: 'a, b' }), 'm {"ids":"a, b"}');
    assert.equal(
      sayWith(echo, formattersFor('fr'))('m', { kinds: '$t:k.a,k.b,k.c' }),
      'm {"kinds":"A, B et C"}',
    );
    assert.equal(
      sayWith(echo, formattersFor('en'))('m', { daysMedian: 3.5, ppShift: 0.0269 }),
      'm {"daysMedian":"3.5","ppShift":"2.7"}',
    );
  });
});
