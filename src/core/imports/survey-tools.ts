export const SURVEY_SOURCES = ['kobo', 'odk'] as const;
export type SurveySource = (typeof SURVEY_SOURCES)[number];

/**
 * What a survey tool adds to an XLSForm's own fields when it exports submissions as CSV. The campaign's
 * survey mapping names form fields by their XLSForm names only; everything tool-specific lives here, so
 * one mapping reads the same form from either tool.
 */
export interface SurveyTool {
  label: string;
  /** How the tool joins a group path to a field name in a header: Kobo "group/field", ODK Central "group-field". */
  separator: string;
  /** Columns with the submission id, first present wins. */
  submissionId: readonly string[];
  /** Columns with the time the server received the submission. */
  submittedAt: readonly string[];
  /** Columns only this tool writes: they tell its exports apart from the other tool's. */
  markers: readonly string[];
  /** Every column the tool adds itself: never taken for a form field. */
  metadata: readonly string[];
}

export const SURVEY_TOOLS: Record<SurveySource, SurveyTool> = {
  kobo: {
    label: 'KoboToolbox',
    separator: '/',
    submissionId: ['_uuid', 'meta/instanceID'],
    submittedAt: ['_submission_time'],
    markers: ['_uuid', '_submission_time', '_id', '_index'],
    metadata: [
      '_id',
      '_uuid',
      '_submission_time',
      '_validation_status',
      '_notes',
      '_status',
      '_submitted_by',
      '__version__',
      '_tags',
      '_index',
      '_attachments',
      '_geolocation',
      '_xform_id_string',
      'meta/instanceID',
      'meta/rootUuid',
      'meta/deprecatedID',
      'formhub/uuid',
    ],
  },
  odk: {
    label: 'ODK Central',
    separator: '-',
    // KEY is the instance id for a form's main table (repeat tables add a path); both carry "uuid:".
    submissionId: ['KEY', 'meta-instanceID'],
    submittedAt: ['SubmissionDate'],
    markers: ['KEY', 'SubmissionDate', 'meta-instanceID', 'SubmitterID', 'ReviewState'],
    metadata: [
      'SubmissionDate',
      'meta-instanceID',
      'meta-instanceName',
      'meta-deprecatedID',
      'meta-audit',
      'KEY',
      'PARENT_KEY',
      'SubmitterID',
      'SubmitterName',
      'AttachmentsPresent',
      'AttachmentsExpected',
      'Status',
      'ReviewState',
      'DeviceID',
      'Edits',
      'FormVersion',
    ],
  },
};

const lower = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/**
 * Names a mapping may give for the submission id or time whatever the tool: earlier campaign files named
 * Kobo's `_uuid`, and an author may write ODK's `KEY`; each means "this tool's own column".
 */
const ALL = Object.values(SURVEY_TOOLS);
export const SUBMISSION_ID_NAMES = new Set([...ALL.flatMap((t) => t.submissionId), 'instanceID'].map(lower));
export const SUBMITTED_AT_NAMES = new Set(ALL.flatMap((t) => t.submittedAt).map(lower));

/** The submission id as both tools mean it: Kobo's `_uuid` is ODK's `KEY` without "uuid:". */
export const submissionId = (raw: string) => raw.trim().replace(/^uuid:/i, '');

/** The tool whose own columns a header row has, other than `expected`; undefined when it could be `expected`'s. */
export function otherTool(
  headers: string[],
  expected: SurveySource,
): { source: SurveySource; found: string[] } | undefined {
  const has = (t: SurveyTool) => t.markers.filter((m) => headers.some((h) => lower(h) === lower(m)));
  if (has(SURVEY_TOOLS[expected]).length) return undefined;
  for (const source of SURVEY_SOURCES) {
    const found = has(SURVEY_TOOLS[source]);
    if (source !== expected && found.length) return { source, found };
  }
  return undefined;
}

/** The first of `names` that is a column, or -1. */
export function metadataColumn(headers: string[], names: readonly string[]): number {
  for (const n of names) {
    const i = headers.findIndex((h) => lower(h) === lower(n));
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The columns holding a form field, by its XLSForm name, whatever group the tool put before it:
 * "survey_round" is `group_admin/survey_round` in Kobo and `group_admin-survey_round` in ODK Central.
 * A name written with its group path ("group_admin/survey_round") matches only that path. Columns the
 * tool adds itself are never form fields. More than one index means the name is in several groups.
 */
export function fieldColumns(headers: string[], name: string, tool: SurveyTool): number[] {
  const metadata = new Set(tool.metadata.map(lower));
  const want = lower(name);
  const path = want.includes('/') ? want.split('/').join(tool.separator) : undefined;
  const suffix = `${tool.separator}${want}`;
  const out: number[] = [];
  headers.forEach((h, i) => {
    const k = lower(h);
    if (metadata.has(k)) return;
    if (path ? k === path || k.endsWith(`${tool.separator}${path}`) : k === want || k.endsWith(suffix))
      out.push(i);
  });
  return out;
}
