import type { LoadedCampaign } from '../campaign/loader.ts';
import { DIASPORA_CHANNELS } from '../campaign/schema/channel.ts';
import { describePower, describePowerMessages, missingPlanFields, planPower } from '../plan/power.ts';
import { keyList, type Message, say } from '../i18n/messages.ts';
import { ANSWER_WITHIN_DAYS, measureResponsiveness } from '../claims/responsiveness.ts';

export type Verdict = 'pass' | 'warn' | 'fail';

export interface RuleResult {
  rule: number;
  /** Short name of the rule, from the 2016 conference conclusions (workshop 5). */
  name: string;
  verdict: Verdict;
  reason: string;
  /** `reason` as messages (keys of locales/en.json with values), rendered one after another in the reader's language. */
  messages: Message[];
}

export const RULES = [
  'Joint, with one uniform core message',
  'Targeted at specific groups, balanced message',
  'Carried through diaspora communities',
  'Measured for effectiveness',
  'Short, fast and responsive',
  'Attached to broader measures',
  'Contact point in the country of the campaign',
] as const;

const MAX_WEEKS = 12;

function days(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) + 1;
}

/**
 * Scores a campaign definition against the seven rules of the 2016 European conference on migrant
 * smuggling (workshop 5). The definition alone can show intent; whether a campaign was actually
 * measured is added by the report once data exists.
 */
export function scoreCampaign(
  { campaign: c, pages, claims = [] }: LoadedCampaign,
  { today = new Date().toISOString().slice(0, 10) }: { today?: string } = {},
): RuleResult[] {
  const results: RuleResult[] = [];
  const add = (verdict: Verdict, reason: string, messages: Message[]) =>
    results.push({ rule: results.length + 1, name: RULES[results.length]!, verdict, reason, messages });
  const ids = (xs: readonly string[]) => xs.join(', ');
  const indicatorList = (xs: readonly string[]) => keyList(xs.map((x) => `dashboard.indicator.${x}`));

  // 1. Joint core message
  if (c.messages.length === 0)
    add('fail', 'carries no joint core message; add one from campaigns/_messages/ under messages:', [
      say('dashboard.score.noMessage'),
    ]);
  else {
    const fallbacks = Object.values(pages).flatMap((p) =>
      p.messages.filter((m) => m.lang !== p.lang).map((m) => `${m.id} in ${p.lang}`),
    );
    const missing = Object.values(pages).flatMap((p) =>
      p.messages.filter((m) => m.lang !== p.lang).map((m) => `${m.id} (${p.lang})`),
    );
    if (fallbacks.length)
      add(
        'warn',
        `carries ${c.messages.join(', ')}, but not yet translated: ${fallbacks.join(', ')} (shown in a fallback language)`,
        [say('dashboard.score.messagesUntranslated', { messages: ids(c.messages), missing: ids(missing) })],
      );
    else
      add('pass', `carries ${c.messages.join(', ')} in every published language`, [
        say('dashboard.score.messagesTranslated', { messages: ids(c.messages) }),
      ]);
  }

  // 2. Targeted and balanced
  const noTarget = c.audiences.filter((a) => a.targets.reach === undefined).map((a) => a.id);
  const noSize = c.audiences.filter((a) => a.size === undefined).map((a) => a.id);
  if (noTarget.length)
    add('warn', `no reach target for ${noTarget.join(', ')}; without one, reach cannot be judged`, [
      say('dashboard.score.noTarget', { audiences: ids(noTarget) }),
    ]);
  else if (noSize.length)
    add('warn', `no estimated size for ${noSize.join(', ')}; reach cannot be shown as a share of the group`, [
      say('dashboard.score.noSize', { audiences: ids(noSize) }),
    ]);
  else
    add(
      'pass',
      `${c.audiences.length} audience(s) with targets; every page has the risks and the safer alternatives`,
      [say('dashboard.score.targeted', { nAudiences: c.audiences.length })],
    );

  // 3. Diaspora
  const diasporaAudiences = c.audiences.filter((a) => a.segment === 'diaspora').map((a) => a.id);
  const diasporaChannels = c.channels.filter((ch) => DIASPORA_CHANNELS.includes(ch) && ch !== 'whatsapp');
  if (diasporaAudiences.length || c.partners.length) {
    add(
      'pass',
      [
        diasporaAudiences.length && `diaspora audience(s) ${diasporaAudiences.join(', ')}`,
        c.partners.length && `${c.partners.length} diaspora partner(s)`,
      ]
        .filter(Boolean)
        .join(' and '),
      [
        ...(diasporaAudiences.length
          ? [say('dashboard.score.diasporaAudiences', { audiences: ids(diasporaAudiences) })]
          : []),
        ...(c.partners.length
          ? [say('dashboard.score.diasporaPartners', { nPartners: c.partners.length })]
          : []),
      ],
    );
  } else if (diasporaChannels.length)
    add('warn', `uses ${diasporaChannels.join(', ')} but names no diaspora audience or partner`, [
      say('dashboard.score.diasporaChannelsOnly', { channels: ids(diasporaChannels) }),
    ]);
  else
    add(
      'fail',
      'no diaspora audience, partner or channel; name the diaspora partners who carry the message',
      [say('dashboard.score.noDiaspora')],
    );

  // 4. Measured: passes only for a design that can detect the effect it hopes for.
  const e = c.evaluation;
  const missing = missingPlanFields(e);
  const power = planPower(e);
  if (e.design === 'reach-only')
    add(
      'warn',
      'reach only: the campaign can say how many people it reached, not whether it changed what they know, how they see the risks or whether they intend to leave irregularly; plan a survey with a comparison group to claim an effect',
      [say('dashboard.score.reachOnly')],
    );
  else if (e.indicators.length === 0)
    add('warn', `${e.design} design but no outcome indicators listed under evaluation.indicators`, [
      say('dashboard.score.noIndicators', { design: keyList([`dashboard.design.${e.design}`]) }),
    ]);
  else if (!power)
    add(
      'warn',
      `${e.design} design on ${e.indicators.join(', ')}, but the plan does not say whether it can detect an effect: add ${missing.join(', ')} under evaluation (see counterpoint plan)`,
      [say('dashboard.score.noPower', { indicators: indicatorList(e.indicators), fields: ids(missing) })],
    );
  else if (!power.canDetect)
    add('warn', `${e.design} design cannot detect its target: ${describePower(power)}`, [
      say('dashboard.score.cannotDetect', { design: keyList([`dashboard.design.${e.design}`]) }),
      ...describePowerMessages(power),
    ]);
  else
    add(
      'pass',
      `${e.design} design on ${e.indicators.join(', ')}: ${describePower(power)}${e.design === 'pre-post' ? ' (no control group: changes cannot be attributed to the campaign alone)' : ''}`,
      [
        say('dashboard.score.design', {
          design: keyList([`dashboard.design.${e.design}`]),
          indicators: indicatorList(e.indicators),
        }),
        ...describePowerMessages(power),
        ...(e.design === 'pre-post' ? [say('dashboard.score.prePostNoControl')] : []),
      ],
    );

  // 5. Short, fast and responsive: the window's length, and how fast claims seen get an answer.
  const length = days(c.window.start, c.window.end);
  const weeks = Math.ceil(length / 7);
  const fast = measureResponsiveness(claims, today);
  const five: { verdict: Verdict; reason: string; message: Message }[] = [
    length > MAX_WEEKS * 7
      ? {
          verdict: 'warn',
          reason: `runs ${weeks} weeks; the conference advises short campaigns (at most ${MAX_WEEKS} weeks)`,
          message: say('dashboard.score.runsLong', { nWeeks: weeks, nMax: MAX_WEEKS }),
        }
      : {
          verdict: 'pass',
          reason: `runs ${length} days`,
          message: say('dashboard.score.runs', { nDays: length }),
        },
  ];
  if (!claims.length)
    five.push({
      verdict: 'pass',
      reason: 'no claims recorded in claims.yaml, so responsiveness is not measured',
      message: say('dashboard.score.noClaims'),
    });
  else {
    if (fast.medianDays !== null)
      five.push({
        verdict: fast.medianDays > ANSWER_WITHIN_DAYS ? 'warn' : 'pass',
        reason: `answers claims in a median of ${fast.medianDays} days from seen to published (${fast.answered} answered)${fast.medianDays > ANSWER_WITHIN_DAYS ? `; aim for ${ANSWER_WITHIN_DAYS} days or fewer` : ''}`,
        message: say(
          fast.medianDays > ANSWER_WITHIN_DAYS
            ? 'dashboard.score.claimsMedianSlow'
            : 'dashboard.score.claimsMedian',
          { daysMedian: fast.medianDays, nAnswered: fast.answered, nWithin: ANSWER_WITHIN_DAYS },
        ),
      });
    if (fast.overdue.length)
      five.push({
        verdict: 'warn',
        reason: `${fast.overdue.length} claim(s) unanswered after ${ANSWER_WITHIN_DAYS} days: ${fast.overdue.join(', ')}`,
        message: say('dashboard.score.claimsOverdue', {
          nOverdue: fast.overdue.length,
          nWithin: ANSWER_WITHIN_DAYS,
          claims: ids(fast.overdue),
        }),
      });
    const waiting = fast.unanswered - fast.overdue.length;
    if (waiting)
      five.push({
        verdict: 'pass',
        reason: `${waiting} claim(s) awaiting an answer, seen within ${ANSWER_WITHIN_DAYS} days`,
        message: say('dashboard.score.claimsWaiting', { nWaiting: waiting, nWithin: ANSWER_WITHIN_DAYS }),
      });
  }
  add(
    five.some((x) => x.verdict === 'warn') ? 'warn' : 'pass',
    five.map((x) => x.reason).join('; '),
    five.map((x) => x.message),
  );

  // 6. Broader measures
  if (c.measures.length === 0)
    add(
      'fail',
      'no linked measure; add the legal pathways, development or reintegration programmes readers can turn to',
      [say('dashboard.score.noMeasures')],
    );
  else if (c.measures.every((m) => m.kind === 'other'))
    add(
      'warn',
      'linked measures are all of kind "other"; say which are legal pathways, reintegration or development',
      [say('dashboard.score.measuresOther')],
    );
  else
    add(
      'pass',
      `${c.measures.length} linked measure(s): ${[...new Set(c.measures.map((m) => m.kind))].join(', ')}`,
      [
        say('dashboard.score.measures', {
          nMeasures: c.measures.length,
          kinds: keyList([...new Set(c.measures.map((m) => `measure.kind.${m.kind}`))]),
        }),
      ],
    );

  // 7. Contact point
  const reachable = c.contactPoints.filter((p) => p.phone || p.whatsapp);
  const unreachable = c.contactPoints.filter((p) => !p.phone && !p.whatsapp).map((p) => p.id);
  const noHours = c.contactPoints.filter((p) => p.hours.length === 0).map((p) => p.id);
  const countries = [...new Set(c.audiences.flatMap((a) => a.countries))];
  if (unreachable.length)
    add(
      'fail',
      `contact point(s) ${unreachable.join(', ')} have neither phone nor WhatsApp; readers need a way to call or chat`,
      [say('dashboard.score.unreachable', { contacts: ids(unreachable) })],
    );
  else if (noHours.length)
    add('warn', `no opening hours for ${noHours.join(', ')}`, [
      say('dashboard.score.noHours', { contacts: ids(noHours) }),
    ]);
  else
    add('pass', `${reachable.length} contact point(s) covering ${countries.join(', ')}`, [
      say('dashboard.score.contacts', { nContacts: reachable.length, countries: ids(countries) }),
    ]);

  return results;
}
