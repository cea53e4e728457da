import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatFieldPath, type Problem } from '../campaign/errors.ts';
import { issuesToProblems } from '../campaign/issues.ts';
import { ClaimsFileSchema, type Claim } from '../campaign/schema/claim.ts';
import { parseYamlSource } from '../campaign/yaml-source.ts';
import { checkClaimReferences, type ClaimContext } from './check.ts';

/** The claims log's file name, in the campaign's folder. */
export const CLAIMS_FILE = 'claims.yaml';

/**
 * Reads `<dir>/claims.yaml`: no file is no claims. Every problem is located (file:line:column and the
 * field path, like `claims[2].answeredBy.section`); a file with any problem gives no claims.
 */
export function readClaims(dir: string, context: ClaimContext): { claims: Claim[]; problems: Problem[] } {
  const abs = join(dir, CLAIMS_FILE);
  if (!existsSync(abs)) return { claims: [], problems: [] };
  const file = relative(process.cwd(), abs) || abs;
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const problem: Problem = {
      code: 'E_FILE_READ',
      severity: 'error',
      file,
      line: 0,
      column: 0,
      field: '',
      message: `cannot be read (${code})`,
    };
    return { claims: [], problems: [problem] };
  }
  return parseClaims(file, text, context);
}

/** Parses and checks a claims log's text; `file` is the name problems carry. */
export function parseClaims(
  file: string,
  text: string,
  context: ClaimContext,
): { claims: Claim[]; problems: Problem[] } {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length) return { claims: [], problems: source.syntaxErrors };
  if (Array.isArray(source.data))
    return {
      claims: [],
      problems: [
        {
          code: 'E_CLAIM',
          severity: 'error',
          file,
          line: 1,
          column: 1,
          field: '',
          message:
            'the file is a bare list; write "claims:" on a line of its own and indent the list under it',
        },
      ],
    };
  const parsed = ClaimsFileSchema.safeParse(source.data ?? {});
  if (!parsed.success)
    return {
      claims: [],
      problems: issuesToProblems(parsed.error.issues, source, ClaimsFileSchema, 'E_CLAIM'),
    };
  const problems = checkClaimReferences(parsed.data.claims, context).map((p): Problem => {
    const path = ['claims', p.index, ...p.path];
    return {
      code: 'E_CLAIM',
      severity: 'error',
      file,
      ...source.locate(path),
      field: formatFieldPath(path),
      message: p.message,
    };
  });
  return { claims: problems.length ? [] : parsed.data.claims, problems };
}
