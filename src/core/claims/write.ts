import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import type { Claim } from '../campaign/schema/claim.ts';
import type { ClaimContext } from './check.ts';
import { CLAIMS_FILE, parseClaims } from './load.ts';

/** What a new claim says; `id` is made from where and when it was seen when left out. */
export interface NewClaim {
  id?: string;
  seen: string;
  where: string;
  language: string;
  audience: string;
  claim: string;
  answeredBy?: { section?: string; language?: string; message?: string };
  answeredOn?: string;
}

/** A problem with the new claim (field inside the claim, like `where`) or with the file as it is. */
export interface ClaimFieldProblem {
  field: string;
  message: string;
}

export type AddClaimResult =
  | { ok: true; claim: Claim; claims: Claim[] }
  | { ok: false; problems: ClaimFieldProblem[] };

const HEADER = `# yaml-language-server: $schema=../../schema/claims.schema.json
# What smugglers and recruiters are claiming, and what answers it once it is live (scorecard rule 5).
claims: []
`;

/** `tiktok-2027-02-03`, then `tiktok-2027-02-03-2`, … : the first id not yet taken. */
function freeId(base: string, taken: Set<string>): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'claim';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) if (!taken.has(`${slug}-${n}`)) return `${slug}-${n}`;
}

/**
 * Appends one claim to `<dir>/claims.yaml` (created when missing), keeping the file's comments and
 * layout. The whole new file is checked as `validate` would check it before anything is written, and
 * it is written atomically (a temporary file renamed over the old one), so a failed or concurrent
 * write never leaves half a file. Synchronous on purpose: two claims recorded at once in one process
 * cannot interleave their read and write.
 */
export function addClaim(
  dir: string,
  input: NewClaim,
  context: ClaimContext,
  { today }: { today?: string } = {},
): AddClaimResult {
  const abs = join(dir, CLAIMS_FILE);
  const file = relative(process.cwd(), abs) || abs;
  const before = existsSync(abs) ? readFileSync(abs, 'utf8') : HEADER;
  const current = parseClaims(file, before, context);
  if (current.problems.length) return { ok: false, problems: fileProblems(file, current.problems) };
  // A date after today is a typing slip (2072 for 2027), not a claim seen: refused before it skews rule 5.
  if (today && /^\d{4}-\d{2}-\d{2}$/.test(input.seen) && input.seen > today)
    return {
      ok: false,
      problems: [
        {
          field: 'seen',
          message: `${input.seen} is after today (${today}); give the day the claim was seen`,
        },
      ],
    };
  const taken = new Set(current.claims.map((c) => c.id));
  const id = input.id?.trim() || freeId(`${input.where}-${input.seen}`, taken);
  const entry: Record<string, unknown> = {
    id,
    seen: input.seen,
    where: input.where,
    language: input.language,
    audience: input.audience,
    claim: input.claim.trim(),
  };
  const answer = Object.fromEntries(Object.entries(input.answeredBy ?? {}).filter(([, v]) => v));
  if (Object.keys(answer).length) entry['answeredBy'] = answer;
  if (input.answeredOn) entry['answeredOn'] = input.answeredOn;

  return rewrite(file, abs, dir, before, context, current.claims.length, (doc) => {
    let seq = doc.get('claims', true);
    if (!isSeq(seq)) {
      seq = doc.createNode([]);
      doc.set('claims', seq);
    }
    if (!isSeq(seq)) throw new Error('unreachable: a created list is a list');
    seq.flow = false;
    seq.add(doc.createNode(entry));
  });
}

/**
 * Links a claim of `<dir>/claims.yaml` to what answers it, live since `answeredOn`: a section of a
 * published language's page, or a joint message the campaign carries. Checked and written like addClaim.
 */
export function answerClaim(
  dir: string,
  id: string,
  answer: { section?: string; language?: string; message?: string },
  answeredOn: string,
  context: ClaimContext,
  { today }: { today?: string } = {},
): AddClaimResult {
  if (today && /^\d{4}-\d{2}-\d{2}$/.test(answeredOn) && answeredOn > today)
    return {
      ok: false,
      problems: [
        {
          field: 'answeredOn',
          message: `${answeredOn} is after today (${today}); record the answer once it is live`,
        },
      ],
    };
  const abs = join(dir, CLAIMS_FILE);
  const file = relative(process.cwd(), abs) || abs;
  if (!existsSync(abs)) return { ok: false, problems: [{ field: 'id', message: `${file} does not exist` }] };
  const before = readFileSync(abs, 'utf8');
  const current = parseClaims(file, before, context);
  if (current.problems.length) return { ok: false, problems: fileProblems(file, current.problems) };
  const index = current.claims.findIndex((c) => c.id === id);
  if (index < 0) return { ok: false, problems: [{ field: 'id', message: `no claim "${id}" in ${file}` }] };
  const given = Object.fromEntries(Object.entries(answer).filter(([, v]) => v));
  return rewrite(file, abs, dir, before, context, index, (doc) => {
    const item = doc.getIn(['claims', index], true);
    if (!isMap(item)) throw new Error('unreachable: a checked claim is a map');
    const node = doc.createNode(given);
    if (isMap(node)) node.flow = true;
    item.set('answeredBy', node);
    item.set('answeredOn', answeredOn);
  });
}

const fileProblems = (file: string, problems: { line: number; field: string; message: string }[]) =>
  problems.map((p) => ({
    field: '',
    message: `${file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message} (fix the file first)`,
  }));

/**
 * Applies one change to the parsed file (comments and layout kept), checks the whole new file as
 * `validate` would, and only then writes it atomically (a temporary file renamed over the old one).
 */
function rewrite(
  file: string,
  abs: string,
  dir: string,
  before: string,
  context: ClaimContext,
  index: number,
  change: (doc: Document) => void,
): AddClaimResult {
  const doc = parseDocument(before);
  change(doc);
  const after = doc.toString({ lineWidth: 0 });
  const checked = parseClaims(file, after, context);
  if (checked.problems.length) {
    const prefix = `claims[${index}]`;
    return {
      ok: false,
      problems: checked.problems.map((p) => ({
        field: p.field.startsWith(`${prefix}.`) ? p.field.slice(prefix.length + 1) : p.field,
        message: p.message,
      })),
    };
  }
  const tmp = join(dir, `.${CLAIMS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, after, { flag: 'wx' });
    renameSync(tmp, abs);
  } catch (e) {
    // A campaigns folder deployed read-only, or a full disk: said plainly, the old file left as it was.
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      problems: [{ field: '', message: `${file} cannot be written (${code}); nothing was changed` }],
    };
  } finally {
    rmSync(tmp, { force: true });
  }
  return { ok: true, claim: checked.claims[index]!, claims: checked.claims };
}
