import type { Campaign } from '../campaign/schema/index.ts';
import { fraction } from '../report/format.ts';
import {
  smallestRandomisationP as smallestPossibleP,
  BOOTSTRAP_DRAWS,
  ENUMERATE_ASSIGNMENTS_UP_TO,
  ENUMERATE_UP_TO,
  MIN_RELIABLE_ARM_CLUSTERS,
  MIN_RELIABLE_CLUSTERS,
  MIN_RELIABLE_N,
} from '../stats/index.ts';
import type { AssignmentStatus } from './assign.ts';
import {
  clusterCount,
  describePower,
  formatEffect,
  missingPlanFields,
  plural,
  type PlanPower,
} from './power.ts';

/** The smallest randomisation p-value of a design, with its number of assignments, for the plan's text ("1/3"). */
export function smallestRandomisationP(
  treated: number,
  control: number,
): { assignments: number; text: string } {
  const { assignments, minimumP } = smallestPossibleP(treated, control);
  return { assignments, text: fraction(minimumP, assignments) };
}

/** Escapes text from campaign.yaml for Markdown, so a name is shown as written and never becomes markup. */
const md = (s: unknown) => String(s).replace(/[\\`*_[\]{}<>#|!~&]/g, (c) => `\\${c}`);

export interface PlanDocumentInput {
  campaign: Campaign;
  power: PlanPower | null;
  assignment: AssignmentStatus | null;
  /** The day the plan is written (YYYY-MM-DD). */
  date: string;
  /** Endline respondents already stored when it was written (0 for a plan written in time). */
  endlineRespondents: number;
}

/**
 * The pre-analysis plan as Markdown: what will be estimated and how, fixed before the endline so the
 * analysis cannot be chosen after seeing the results (primary indicator, method, MDE, assignment, date).
 */
export function preAnalysisPlanMarkdown(input: PlanDocumentInput): string {
  const { campaign: c, power: p, assignment: a, date } = input;
  const e = c.evaluation;
  const unit = e.clusters?.unit ?? 'community';
  const lines: string[] = [];
  const out = (...l: string[]) => lines.push(...l);
  out(`# Pre-analysis plan: ${md(c.title)}`, '');
  out(`- Campaign: \`${c.id}\`, ${md(c.owner.name)}, ${c.window.start} to ${c.window.end}`);
  out(
    `- Written: ${date}${input.endlineRespondents ? ` — **after** ${input.endlineRespondents} endline respondents were already imported (written with --force; it does not predate the endline)` : ', before any endline survey data was imported'}`,
  );
  out(`- Design: ${e.design}`, '');

  out('## Indicators', '');
  const secondary = e.indicators.filter((i) => i !== e.primary);
  out(
    `- Primary: **${e.primary ?? 'not named'}**${p ? ` (${p.kind === 'share' ? 'share of respondents' : 'mean on its scale'}; baseline ${p.kind === 'share' ? `${(p.baseline * 100).toFixed(0)} %` : `${p.baseline} (SD ${p.sd})`})` : ''}. The campaign is judged on this one.`,
  );
  out(
    `- Secondary: ${secondary.length ? secondary.join(', ') : 'none'}; their p-values are adjusted for multiple comparisons (Holm 1979).`,
    '',
  );

  out('## Clusters and assignment', '');
  if (!a) out(`No clusters are named (evaluation.clusters): the sample is not planned by ${unit}.`);
  else if (a.kind === 'drawn' || a.kind === 'verified') {
    const s = a.assignment;
    out(
      `${a.kind === 'drawn' ? 'Drawn' : 'Drawn earlier and checked again'} at random with seed **${s.seed}** (${Math.floor((s.treatment.length + s.control.length) / 2)} of ${s.treatment.length + s.control.length} reached; names sorted first, so anyone can draw it again with \`counterpoint plan ${c.id}\`):`,
      '',
    );
    out(
      `- Reached by the campaign: ${s.treatment.map(md).join(', ')}`,
      `- Comparison: ${s.control.map(md).join(', ')}`,
    );
  } else {
    out(
      `Recorded in campaign.yaml${a.seed === null ? ', not drawn by `counterpoint plan` (no seed recorded)' : `; seed ${a.seed} draws a different assignment (${a.drawn!.treatment.map(md).join(', ')} reached), so these arms were not drawn from it`}:`,
      '',
    );
    out(
      `- Reached by the campaign: ${a.treatment.map(md).join(', ')}`,
      `- Comparison: ${a.control.map(md).join(', ')}`,
      '',
    );
    out(
      'Randomisation inference treats this assignment as if it had been drawn at random; if it was chosen, its p-value is only indicative.',
    );
  }
  out('');

  out('## Sample and minimum detectable effect', '');
  if (!p) {
    const missing = missingPlanFields(e);
    out(
      e.design === 'reach-only'
        ? 'Reach only: no outcome is measured.'
        : `Not computed: the plan lacks ${missing.join(', ')} (under evaluation in campaign.yaml).`,
    );
  } else {
    out(
      `- ${clusterCount(p.treatedClusters, unit)} reached, ${clusterCount(p.controlClusters, unit)} for comparison, ${p.respondentsPerCluster} respondents per ${unit} and wave`,
    );
    out(
      `- Intra-cluster correlation: ${p.icc}${p.iccAssumed ? ' (the default assumed when the plan gives none)' : ''}; design effect 1 + (m − 1)ρ = ${p.power ? p.power.designEffect.toFixed(2) : '—'}`,
    );
    if (p.power) {
      out(
        `- Minimum detectable effect on ${p.primary} (80 % power, 5 % two-sided, t with ${p.power.df} degrees of freedom): **${formatEffect(p.power.mde, p.kind)}**`,
      );
    }
    if (p.smallestEffect !== null)
      out(
        `- Smallest effect worth detecting: ${formatEffect(p.smallestEffect, p.kind)}${p.needed ? `; ${clusterCount(p.needed.clustersPerArm, unit)}${p.design === 'pre-post' ? '' : ' per arm'} would detect it` : ''}`,
      );
    out('', `In words: ${describePower(p)}.`);
    if (p.canDetect === false)
      out(
        '',
        `**Warning: this design cannot detect the effect the campaign hopes for.** A null result will not mean the campaign had no effect, and a positive one may be chance.`,
      );
  }
  out('');

  out('## Method of analysis', '');
  if (e.design === 'reach-only') out('None: the report counts reach, engagement and inquiries only.');
  else {
    const G = p ? p.treatedClusters + p.controlClusters : 0;
    out(
      e.design === 'pre-post'
        ? '- Effect: endline minus baseline (Welch two-sample t interval); with no comparison group the change includes everything else that changed in the period.'
        : `- Effect: difference-in-differences, (reached endline − reached baseline) − (comparison endline − comparison baseline), the coefficient of treated × endline in an OLS regression on each respondent's score.`,
    );
    if (e.design !== 'pre-post' && e.clusters) {
      out(
        `- Interval and p-value: cluster-robust standard error CR2 (Bell & McCaffrey 2002) with Bell–McCaffrey (Satterthwaite) degrees of freedom, clustered by ${unit}; CR1 and the unclustered HC2 shown beside it.`,
      );
      out(
        `- Wild cluster bootstrap: restricted (null imposed), Webb six-point weights; all 6^G weight vectors when there are at most ${ENUMERATE_UP_TO.toLocaleString('en')}${G ? ` (${clusterCount(G, unit)}: ${(6 ** G).toLocaleString('en')})` : ''}, else ${BOOTSTRAP_DRAWS.toLocaleString('en')} draws from a recorded seed.`,
      );
      const ri = p ? smallestRandomisationP(p.treatedClusters, p.controlClusters) : null;
      out(
        `- Randomisation inference: the difference-in-differences over every possible assignment of ${plural(unit)} to arms (at most ${ENUMERATE_ASSIGNMENTS_UP_TO.toLocaleString('en')}, else a sample)${ri ? `: ${ri.assignments} assignments, so the smallest p-value this design allows is ${ri.text}` : ''}.`,
      );
    }
    out(
      `- Reliability: an effect is marked unreliable, with its reason, when fewer than ${MIN_RELIABLE_CLUSTERS} clusters were surveyed, fewer than ${MIN_RELIABLE_ARM_CLUSTERS} were in either arm, or a group has fewer than ${MIN_RELIABLE_N} respondents; with one cluster in an arm the estimate is shown without an interval.`,
    );
    out(
      `- Shares per wave and arm: Wilson intervals on the effective sample size n / design effect, with the ICC above.`,
    );
    out(
      '- Assumption: without the campaign, reached and comparison clusters would have changed alike (parallel trends).',
    );
  }
  out('');
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
