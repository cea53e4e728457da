import { type Message, say } from '../i18n/messages.ts';
import type { Report } from './schema.ts';

/** A money amount or ratio as the report shows it: two decimals. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

type Effect = NonNullable<Report['outcomes'][number]['effect']>;

/** A p-value as a reader sees it: "0.62", "0.048", "< 0.001"; "—" when there is no test. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return '—';
  if (p < 0.001) return '< 0.001';
  // Three decimals near the usual thresholds (0.048 is not 0.05), two above.
  return p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

/** An enumerated p-value as the fraction it is: k of `used` assignments, reduced ("1/3"). */
export function fraction(p: number, used: number): string {
  const k = Math.round(p * used);
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const g = gcd(k, used) || 1;
  return `${k / g}/${used / g}`;
}

/**
 * The randomisation p-value in words: "1/3, the smallest this design allows with 6 assignments", or
 * "2/3 (4 of 6 assignments as extreme; the smallest this design allows is 1/3)"; sampled: "0.04 (9,999 random assignments …)".
 */
export function describeRandomisation(
  r: Omit<NonNullable<Effect['randomisation']>, 'assignmentMessage'>,
): string {
  const n = r.assignments.toLocaleString('en');
  if (!r.enumerated)
    return `${formatP(r.p)} (from ${(r.used - 1).toLocaleString('en')} random assignments of the ${n} possible, seed ${r.seed}; the smallest it can give is ${formatP(r.minimumP)})`;
  const p = fraction(r.p, r.used);
  const min = fraction(r.minimumP, r.used);
  if (Math.abs(r.p - r.minimumP) < 1e-12)
    return `${p}, the smallest this design allows with ${n} assignments`;
  return `${p} (${Math.round(r.p * r.used)} of ${n} assignments at least as extreme; the smallest this design allows is ${min})`;
}

/** The bootstrap test in words: "0.50 (all 1,296 Webb weight vectors)", or with its draws and seed. */
export function describeBootstrap(b: NonNullable<Effect['bootstrap']>): string {
  if (b.p === null)
    return '— (nothing to test: the clustered standard error is zero with one cluster per arm)';
  const how = b.enumerated
    ? `all ${b.draws.toLocaleString('en')} ${b.weights === 'webb' ? 'Webb' : 'Rademacher'} weight vectors`
    : `${b.draws.toLocaleString('en')} draws of ${b.weights === 'webb' ? 'Webb' : 'Rademacher'} weights, seed ${b.seed}`;
  return `${formatP(b.p)} (${how})`;
}

/** An effect or bound in its units: "5.3 pp" for a share, "0.21" for a mean; "—" for none. */
export function formatEffectValue(v: number | null, kind: 'share' | 'mean'): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return kind === 'share' ? `${(v * 100).toFixed(1)} pp` : v.toFixed(2);
}

/** `describeRandomisation` as a message, for the reader's language (the fraction stays a fraction). */
export function randomisationMessage(
  r: Omit<NonNullable<Effect['randomisation']>, 'assignmentMessage'>,
): Message {
  if (!r.enumerated)
    return say('dashboard.evidence.randomisation.sampled', {
      pValue: r.p,
      nUsed: r.used - 1,
      nAssignments: r.assignments,
      seed: String(r.seed),
      pMinimum: r.minimumP,
    });
  const p = fraction(r.p, r.used);
  if (Math.abs(r.p - r.minimumP) < 1e-12)
    return say('dashboard.evidence.randomisation.smallest', { fraction: p, nAssignments: r.assignments });
  return say('dashboard.evidence.randomisation.enumerated', {
    fraction: p,
    nExtreme: Math.round(r.p * r.used),
    nAssignments: r.assignments,
    minimum: fraction(r.minimumP, r.used),
  });
}

/** `describeBootstrap` as a message, for the reader's language. */
export function bootstrapMessage(b: NonNullable<Effect['bootstrap']>): Message {
  if (b.p === null) return say('dashboard.evidence.bootstrap.none');
  const weights = b.weights === 'webb' ? 'Webb' : 'Rademacher';
  return b.enumerated
    ? say('dashboard.evidence.bootstrap.enumerated', { pValue: b.p, nDraws: b.draws, weights })
    : say('dashboard.evidence.bootstrap.sampled', {
        pValue: b.p,
        nDraws: b.draws,
        weights,
        seed: String(b.seed),
      });
}
