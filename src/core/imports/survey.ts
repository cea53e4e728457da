import { basename } from 'node:path';
import type { Campaign } from '../campaign/schema/index.ts';
import {
  replaceSurveyResponses,
  type SurveyResponseInput,
} from '../metrics/queries/replace-survey-responses.ts';
import type { Store } from '../metrics/store.ts';
import { hashFile } from '../text.ts';
import { openCsv } from './csv.ts';
import { parseDay, parseNumber } from './numbers.ts';
import { hashRespondent } from './respondent-key.ts';
import { ageBand, choiceName, wholeYears } from './survey-covariates.ts';
import type { ImportOutcome, RowProblem } from './run-import.ts';
import {
  fieldColumns,
  metadataColumn,
  otherTool,
  SUBMISSION_ID_NAMES,
  submissionId,
  SUBMITTED_AT_NAMES,
  SURVEY_SOURCES,
  SURVEY_TOOLS,
  type SurveySource,
} from './survey-tools.ts';

export { SURVEY_SOURCES, type SurveySource };

type Response = SurveyResponseInput;

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(' or ');

/**
 * Imports a KoboToolbox or ODK Central CSV export as survey responses, mapped by the campaign's
 * evaluation.survey section, which names form fields by their XLSForm names: the same mapping reads
 * the same form from either tool (see survey-tools.ts for what each tool adds). Rows without consent
 * are not respondents and are not stored. Respondent ids are replaced by keyed hashes. One
 * transaction; re-importing the same file changes nothing, and a newer export replaces the responses
 * of the days it covers.
 */
export async function importSurvey(opts: {
  store: Store;
  campaign: Campaign;
  source: SurveySource;
  file: string;
  key: string;
  skipInvalid?: boolean;
}): Promise<ImportOutcome> {
  const fatal = (message: string): ImportOutcome => ({
    ok: false,
    rowsAccepted: 0,
    rowsRejected: 0,
    problems: [],
    fatal: message,
  });
  const mapping = opts.campaign.evaluation.survey;
  if (!mapping)
    return fatal(
      `campaign ${opts.campaign.id} has no evaluation.survey section saying which columns are the wave, the arm and the indicators; add it to campaign.yaml`,
    );
  const tool = SURVEY_TOOLS[opts.source];
  // A mapping's respondent or date may name a tool's own column (`_uuid`, `KEY`, `SubmissionDate`):
  // that means this tool's submission id or time, whichever tool the file comes from.
  const byId = !mapping.respondent || SUBMISSION_ID_NAMES.has(mapping.respondent.toLowerCase());
  const byTime = !mapping.date || SUBMITTED_AT_NAMES.has(mapping.date.toLowerCase());
  const covariates = mapping.covariates;
  const fields = [
    mapping.wave.column,
    mapping.consent?.column,
    mapping.arm?.column,
    mapping.cluster,
    ...mapping.items.map((i) => i.column),
    covariates?.age?.column,
    covariates?.gender,
    covariates?.language,
    byId ? undefined : mapping.respondent,
    byTime ? undefined : mapping.date,
  ].filter((x): x is string => !!x);

  // The header row is found the same way for every tool, so a file from the other tool is recognised
  // and named, not reported as a pile of missing columns.
  const anyTool = (cells: string[], name: string) =>
    SURVEY_SOURCES.some((s) => fieldColumns(cells, name, SURVEY_TOOLS[s]).length > 0);
  const csv = await openCsv(
    opts.file,
    (cells) => fields.filter((f) => anyTool(cells, f)).length >= Math.min(3, fields.length),
  );
  if (!csv)
    return fatal(
      `no header row with the survey's form fields (${fields.slice(0, 4).join(', ')}, …) in the first 30 lines: is this the ${tool.label} CSV export of the form evaluation.survey maps?`,
    );
  const at = `line ${csv.headerLine}`;
  const refuse = (message: string) => {
    csv.close();
    return fatal(message);
  };
  const other = otherTool(csv.headers, opts.source);
  if (other) {
    const o = SURVEY_TOOLS[other.source];
    const an = (label: string) => `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label}`;
    return refuse(
      `${at}: this looks like ${an(o.label)} export (it has ${other.found.slice(0, 2).join(', ')}), not ${an(tool.label)} one (${tool.markers.slice(0, 2).join(', ')}); import it as ${other.source}`,
    );
  }
  const absent: string[] = [];
  const ambiguous: string[] = [];
  const col = (name: string) => {
    const found = fieldColumns(csv.headers, name, tool);
    if (found.length === 0) absent.push(`"${name}"`);
    if (found.length > 1) ambiguous.push(`"${name}" (${found.map((i) => csv.headers[i]).join(', ')})`);
    return found[0] ?? -1;
  };
  const meta = (names: readonly string[], what: string, field: string) => {
    const i = metadataColumn(csv.headers, names);
    if (i < 0)
      absent.push(`the ${what} (${quoted(names)}; or name a form field in evaluation.survey.${field})`);
    return i;
  };
  const idx = {
    respondent: byId ? meta(tool.submissionId, 'submission id', 'respondent') : col(mapping.respondent!),
    date: byTime ? meta(tool.submittedAt, 'submission time', 'date') : col(mapping.date!),
    wave: col(mapping.wave.column),
    consent: mapping.consent ? col(mapping.consent.column) : -1,
    arm: mapping.arm ? col(mapping.arm.column) : -1,
    cluster: mapping.cluster ? col(mapping.cluster) : -1,
    items: mapping.items.map((i) => col(i.column)),
    age: covariates?.age ? col(covariates.age.column) : -1,
    gender: covariates?.gender ? col(covariates.gender) : -1,
    language: covariates?.language ? col(covariates.language) : -1,
  };
  if (absent.length)
    return refuse(
      `${at}: no ${tool.label} column for ${absent.join(', ')} named in evaluation.survey (form fields are matched by their XLSForm names)`,
    );
  if (ambiguous.length)
    return refuse(
      `${at}: ${ambiguous.join('; ')}: a form field of that name is in more than one group; write it with its group in evaluation.survey, like "group/name"`,
    );

  const header = (i: number) => csv.headers[i]!.replace(/^\uFEFF/, '');
  const lower = (xs: string[]) => xs.map((x) => x.toLowerCase());
  const responses: Response[] = [];
  const problems: RowProblem[] = [];
  let accepted = 0;
  let rejected = 0;
  let withoutConsent = 0;
  for await (const { line, cells } of csv.rows) {
    const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
    const bad = (i: number, expected: string) =>
      problems.push({ line, column: header(i), value: cell(i) || '(empty)', expected });
    if (cells.every((c) => c.trim() === '')) continue;
    if (mapping.consent && !lower(mapping.consent.yes).includes(cell(idx.consent).toLowerCase())) {
      withoutConsent++;
      continue;
    }
    const before = problems.length;
    const day = parseDay(cell(idx.date));
    if (!day) bad(idx.date, 'expected a date like 2027-02-01');
    const waveRaw = cell(idx.wave).toLowerCase();
    const wave = lower(mapping.wave.baseline).includes(waveRaw)
      ? 'baseline'
      : lower(mapping.wave.endline).includes(waveRaw)
        ? 'endline'
        : undefined;
    if (!wave)
      bad(idx.wave, `expected one of ${[...mapping.wave.baseline, ...mapping.wave.endline].join(', ')}`);
    let arm = '';
    if (mapping.arm) {
      const a = cell(idx.arm).toLowerCase();
      arm = lower(mapping.arm.treatment).includes(a)
        ? 'treatment'
        : lower(mapping.arm.control).includes(a)
          ? 'control'
          : '';
      if (!arm)
        bad(idx.arm, `expected one of ${[...mapping.arm.treatment, ...mapping.arm.control].join(', ')}`);
    }
    const id = byId ? submissionId(cell(idx.respondent)) : cell(idx.respondent);
    if (!id) bad(idx.respondent, 'expected a submission id');
    const answers: Response['answers'] = [];
    for (const [n, item] of mapping.items.entries()) {
      const i = idx.items[n]!;
      const raw = cell(i);
      if (raw === '') continue;
      if (item.values) {
        const hit = Object.entries(item.values).find(([k]) => k.toLowerCase() === raw.toLowerCase());
        if (!hit) bad(i, `expected one of ${Object.keys(item.values).join(', ')}`);
        else
          answers.push({
            indicator: item.indicator,
            item: item.column,
            value: hit[1],
            dont_know: item.dontKnow?.some((d) => d.toLowerCase() === raw.toLowerCase()) ? 1 : 0,
          });
      } else {
        const n = parseNumber(raw, csv.decimalComma);
        if (n === undefined || (item.scale && (n < item.scale.min || n > item.scale.max)))
          bad(
            i,
            item.scale
              ? `expected a number from ${item.scale.min} to ${item.scale.max}`
              : 'expected a number',
          );
        else answers.push({ indicator: item.indicator, item: item.column, value: n, dont_know: 0 });
      }
    }
    // Age is kept as its band only; gender and language as choice names (free text is refused: it
    // could name or describe a person).
    let age_band: string | null = null;
    if (covariates?.age) {
      const raw = cell(idx.age);
      const years = raw === '' ? undefined : wholeYears(parseNumber(raw, csv.decimalComma));
      if (raw !== '' && years === undefined) bad(idx.age, 'expected an age in whole years from 0 to 120');
      age_band = years === undefined ? '' : ageBand(years, covariates.age.bands);
    }
    const choice = (i: number) => {
      if (i < 0) return null;
      const v = choiceName(cell(i));
      if (v === undefined) bad(i, 'expected a choice name (letters, digits, _ . -; at most 40 characters)');
      return v ?? '';
    };
    const gender = choice(idx.gender);
    const language = choice(idx.language);
    if (problems.length > before) {
      rejected++;
      continue;
    }
    accepted++;
    responses.push({
      respondent: hashRespondent(opts.key, opts.campaign.id, id),
      wave: wave!,
      arm,
      cluster: cell(idx.cluster).toLowerCase(),
      day: day!,
      covariates: { age_band, gender, language },
      answers,
    });
  }
  if (rejected && !opts.skipInvalid)
    return { ok: false, rowsAccepted: accepted, rowsRejected: rejected, problems };

  const fileHash = await hashFile(opts.file);
  const days = [...new Set(responses.map((r) => r.day))].sort();
  const firstDay = days[0] ?? null;
  const lastDay = days.at(-1) ?? null;
  const campaign = opts.campaign.id;
  const result = await replaceSurveyResponses(opts.store, {
    campaign,
    source: opts.source,
    fileName: basename(opts.file),
    fileHash,
    rowsAccepted: accepted,
    rowsRejected: rejected,
    firstDay,
    lastDay,
    days,
    responses,
  });
  const notes = withoutConsent
    ? [`${withoutConsent} row(s) without consent were not stored and are not respondents`]
    : [];
  if ('duplicates' in result && result.duplicates)
    notes.push(
      `${result.duplicates} submission(s) were already imported from another tool's export of the same survey (same submission id) and were not stored twice`,
    );
  return {
    ok: true,
    rowsAccepted: accepted,
    rowsRejected: rejected,
    problems,
    firstDay,
    lastDay,
    result,
    notes,
  };
}
