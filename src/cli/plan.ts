import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRespondents, openStore } from '../core/metrics/index.ts';
import {
  clusterCount,
  describePower,
  formatEffect,
  missingPlanFields,
  planAssignment,
  planPower,
  preAnalysisPlanMarkdown,
  smallestRandomisationP,
} from '../core/plan/index.ts';
import { canPrintPdf, printPdf } from '../views/pdf.ts';
import { openReportRenderer } from '../views/report-document.ts';
import { parseArgs, UsageError } from './args.ts';
import { campaignArg } from './campaign-arg.ts';

/**
 * counterpoint plan <campaign> [--seed N] [--out folder] [--force] [--no-pdf]: what the evaluation plan
 * can detect, the assignment of clusters to arms (drawn from a recorded seed), and the pre-analysis plan
 * (Markdown and PDF) in plans/<campaign>/, refused once endline survey data exists unless --force.
 */
export async function runPlan(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['force', 'no-pdf']);
  const campaign = campaignArg(args.positional[0]);
  const e = campaign.evaluation;
  const seedArg = args.get('seed');
  if (seedArg !== undefined && !/^\d{1,10}$/.test(seedArg))
    throw new UsageError(`--seed ${seedArg}: expected a whole number from 0 to 4294967295`);
  const seed = seedArg === undefined ? undefined : Number(seedArg);
  if (seed !== undefined && seed > 2 ** 32 - 1)
    throw new UsageError(`--seed ${seedArg}: expected a whole number from 0 to 4294967295`);
  const out = args.get('out') ?? join('plans', campaign.id);
  const today = new Date().toISOString().slice(0, 10);

  const power = planPower(e);
  const assignment = planAssignment(e, seed);
  const unit = e.clusters?.unit ?? 'community';
  const row = (label: string, value: string) => console.log(`  ${label.padEnd(20)}${value}`);
  console.log(`${campaign.id}: evaluation plan (${e.design})`);
  if (e.design === 'reach-only') {
    console.log(
      '  reach only: the campaign can show how many people it reached, not whether it changed what they know, fear or intend.',
    );
  }
  row(
    'primary indicator',
    e.primary
      ? `${e.primary}${power ? ` (${power.kind === 'share' ? `share; baseline ${(power.baseline * 100).toFixed(0)} %` : `mean; baseline ${power.baseline}, SD ${power.sd}`})` : ''}`
      : 'not named (evaluation.primary)',
  );
  const secondary = e.indicators.filter((i) => i !== e.primary);
  if (secondary.length) row('secondary', `${secondary.join(', ')} (p-values adjusted, Holm)`);
  if (power) {
    row(
      'clusters',
      `${clusterCount(power.treatedClusters, unit)} reached, ${power.controlClusters} for comparison`,
    );
    row('sample', `${power.respondentsPerCluster} respondents per ${unit} and wave`);
    row(
      'ICC',
      `${power.icc}${power.iccAssumed ? ' (assumed: the default when the plan gives none)' : ''}; design effect ${power.power ? power.power.designEffect.toFixed(2) : '—'}`,
    );
    if (power.power)
      row(
        'MDE',
        `${formatEffect(power.power.mde, power.kind)} (${power.power.mde.toFixed(3)}) on ${power.primary}: 80 % power, 5 % two-sided, t with ${power.power.df} df`,
      );
    else row('MDE', `none: with one ${unit} in an arm there is no test`);
    if (power.smallestEffect !== null) {
      const perArm = power.design === 'pre-post' ? '' : ' per arm';
      row(
        'clusters needed',
        power.needed
          ? `${clusterCount(power.needed.clustersPerArm, unit)}${perArm} for ${formatEffect(power.smallestEffect, power.kind)} (MDE ${formatEffect(power.needed.mde, power.kind)})`
          : `no number up to 100,000 would detect ${formatEffect(power.smallestEffect, power.kind)}`,
      );
    }
    if (power.design !== 'pre-post') {
      const ri = smallestRandomisationP(power.treatedClusters, power.controlClusters);
      row(
        'randomisation',
        `${ri.assignments} possible assignments: the smallest p-value this design allows is ${ri.text}`,
      );
    }
  } else if (e.design !== 'reach-only') {
    console.log(
      `  not enough to compute what the design can detect: add ${missingPlanFields(e).join(', ')} under evaluation in campaign.yaml`,
    );
  }
  if (assignment) {
    if (assignment.kind === 'recorded') {
      row(
        'assignment',
        `recorded in campaign.yaml: reached ${assignment.treatment.join(', ')}; comparison ${assignment.control.join(', ')}`,
      );
      row(
        '',
        assignment.seed === null
          ? 'not drawn at random by counterpoint plan (no clusters.seed): randomisation p-values assume it was random'
          : `seed ${assignment.seed} draws a different assignment (reached ${assignment.drawn!.treatment.join(', ')}): these arms were not drawn from it`,
      );
    } else {
      const a = assignment.assignment;
      row(
        'assignment',
        `${assignment.kind === 'drawn' ? 'drawn' : 'checked: drawn'} with seed ${a.seed}: reached ${a.treatment.join(', ')}; comparison ${a.control.join(', ')}`,
      );
      if (assignment.kind === 'drawn') {
        console.log(
          `\nRecord the assignment in campaign.yaml before the baseline survey (under evaluation), replacing assign:\n  clusters:\n    unit: ${unit}\n    treatment: [${a.treatment.join(', ')}]\n    control: [${a.control.join(', ')}]\n    seed: ${a.seed}`,
        );
      }
    }
  }
  if (power) {
    const sentence = describePower(power);
    if (power.canDetect === false || !power.power)
      console.log(`\n! Warning: ${sentence}. A null result will not show the campaign had no effect.`);
    else console.log(`\n${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
  }

  const store = await openStore();
  let endline: number;
  try {
    // A pre-analysis plan is only worth its name when written before the endline exists.
    endline = await countRespondents(store, campaign.id, 'endline');
  } finally {
    await store.close();
  }
  if (endline > 0 && !args.has('force')) {
    console.error(
      `\ncounterpoint plan: ${endline} endline respondents of ${campaign.id} are already in the store, so no pre-analysis plan was written: a pre-analysis plan must be written before the endline exists, or it cannot show the analysis was not chosen after seeing the results. The figures above still hold. Run with --force to write one anyway; it will say it was written after the endline.`,
    );
    return 1;
  }
  mkdirSync(out, { recursive: true });
  const markdown = preAnalysisPlanMarkdown({
    campaign,
    power,
    assignment,
    date: today,
    endlineRespondents: endline,
  });
  const mdFile = join(out, 'pre-analysis-plan.md');
  const existed = existsSync(mdFile);
  writeFileSync(mdFile, markdown);
  console.log(`\n${existed ? 'rewrote' : 'wrote'} ${mdFile}`);
  if (args.has('no-pdf')) return 0;
  if (!canPrintPdf()) {
    console.warn(
      `no PDF written: no Chromium found to print it (set CHROMIUM_PATH); the Markdown has the same content`,
    );
    return 0;
  }
  const pdfFile = join(out, 'pre-analysis-plan.pdf');
  // The page is PlanDocument.astro, rendered as the report's is (src/views/report-document.ts).
  const renderer = await openReportRenderer();
  let html: string;
  try {
    html = await renderer.renderPlan(markdown, `${campaign.title}: pre-analysis plan`);
  } finally {
    await renderer.close();
  }
  writeFileSync(pdfFile, await printPdf(html));
  console.log(`wrote ${pdfFile}`);
  return 0;
}
