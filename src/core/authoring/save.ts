import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../campaign/index.ts';
import { SlugSchema } from '../campaign/schema/common.ts';
import { checkSite } from '../workspace/index.ts';
import type { Account } from './git.ts';
import {
  CAMPAIGN_FILE,
  currentFiles,
  keepInitial,
  recordVersion,
  serialised,
  versionFiles,
  type Version,
} from './history.ts';

/** Limits of one save: an editor's form, not an upload. */
export const SAVE_LIMITS = { files: 64, bytesPerFile: 512 * 1024 } as const;

/**
 * A save or restore that cannot be done as asked: `code` is stable for the editor, `field` names what
 * was wrong (`id`, `files.<name>`, `version`).
 */
export class AuthoringError extends Error {
  readonly code: 'E_SAVE_ID' | 'E_SAVE_FILE' | 'E_SAVE_MISSING' | 'E_VERSION';
  readonly field: string;
  constructor(code: AuthoringError['code'], field: string, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export interface SaveResult {
  campaign: string;
  /** The version this save recorded; undefined when the files were already exactly these. */
  version?: Version;
  /**
   * What `validate` says of the campaign now (its files and the joint messages): errors keep it a
   * draft that Publish refuses; readers keep seeing what was last published either way.
   */
  problems: Problem[];
  /** No error among the problems: Publish would take it. */
  valid: boolean;
}

/** The campaign id, or an AuthoringError naming it. */
export function checkedId(id: string): string {
  if (!SlugSchema.safeParse(id).success)
    throw new AuthoringError(
      'E_SAVE_ID',
      'id',
      `"${id}" is not a campaign id: lower-case letters a-z, digits and single hyphens, like "safe-journeys-2027"`,
    );
  return id;
}

function checkedFiles(files: Record<string, string | null>): [string, string | null][] {
  const entries = Object.entries(files);
  if (!entries.length) throw new AuthoringError('E_SAVE_FILE', 'files', 'a save names at least one file');
  if (entries.length > SAVE_LIMITS.files)
    throw new AuthoringError('E_SAVE_FILE', 'files', `a save holds at most ${SAVE_LIMITS.files} files`);
  for (const [name, text] of entries) {
    if (!CAMPAIGN_FILE.test(name))
      throw new AuthoringError(
        'E_SAVE_FILE',
        `files.${name}`,
        `"${name}" is not a campaign file: campaign.yaml, claims.yaml or <language>.md (like fr.md, zh-Hans.md)`,
      );
    if (text !== null && typeof text !== 'string')
      throw new AuthoringError('E_SAVE_FILE', `files.${name}`, 'a file is its text, or null to delete it');
    if (text !== null && Buffer.byteLength(text) > SAVE_LIMITS.bytesPerFile)
      throw new AuthoringError(
        'E_SAVE_FILE',
        `files.${name}`,
        `"${name}" is over ${SAVE_LIMITS.bytesPerFile / 1024} KB; put media in files beside it, not in the text`,
      );
  }
  return entries;
}

/** The problems of one campaign as `validate` finds them (its own folder, the joint messages, the UI strings). */
export function checkCampaign(root: string, id: string, localesDir = 'locales'): Problem[] {
  return checkSite(root, localesDir, id).problems;
}

/**
 * Writes a campaign's files (name → text; null deletes the file) and records the save: each file is
 * written to a temporary name beside it and renamed over the old one, so a reader of the folder (the
 * dev preview, a build) never sees half a file. The campaign is checked as `validate` checks it and the
 * problems are returned; a campaign with errors is still saved (a draft), and nothing goes live until
 * it is published. The save is recorded (see `recordVersion`): a git commit of this campaign's folder
 * by the account, or a copy kept beside the files.
 */
export async function saveCampaignFiles(
  root: string,
  id: string,
  files: Record<string, string | null>,
  account: Account,
  options: { localesDir?: string; action?: 'save' | 'restore'; note?: string } = {},
): Promise<SaveResult> {
  checkedId(id);
  const entries = checkedFiles(files);
  return serialised(root, async () => {
    const dir = resolve(root, id);
    if (!existsSync(join(dir, 'campaign.yaml')) && typeof files['campaign.yaml'] !== 'string')
      throw new AuthoringError(
        'E_SAVE_MISSING',
        'files.campaign.yaml',
        `there is no campaign "${id}" yet: a new campaign's first save includes its campaign.yaml`,
      );
    await keepInitial(root, id);
    mkdirSync(dir, { recursive: true });
    const suffix = `.${randomBytes(6).toString('hex')}.tmp`;
    const written: [string, string][] = [];
    try {
      for (const [name, text] of entries)
        if (text !== null) {
          writeFileSync(join(dir, `.${name}${suffix}`), text);
          written.push([join(dir, `.${name}${suffix}`), join(dir, name)]);
        }
      for (const [tmp, final] of written) renameSync(tmp, final);
    } catch (e) {
      for (const [tmp] of written) rmSync(tmp, { force: true });
      throw e;
    }
    for (const [name, text] of entries) if (text === null) rmSync(join(dir, name), { force: true });
    const problems = checkCampaign(root, id, options.localesDir);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const note = [options.note, errors ? `${errors} error${errors === 1 ? '' : 's'}, kept as a draft` : '']
      .filter(Boolean)
      .join('; ');
    const version = await recordVersion(root, id, account, options.action ?? 'save', note);
    return { campaign: id, ...(version && { version }), problems, valid: errors === 0 };
  });
}

/**
 * Puts a campaign's files back as they were in `version` (files added since are deleted); itself a
 * save, recorded as `restore … (to <version>)`.
 */
export async function restoreVersion(
  root: string,
  id: string,
  version: string,
  account: Account,
  options: { localesDir?: string } = {},
): Promise<SaveResult> {
  checkedId(id);
  const old = await versionFiles(root, id, version);
  if (!old) throw new AuthoringError('E_VERSION', 'version', `${id} has no recorded version "${version}"`);
  const files: Record<string, string | null> = { ...old };
  for (const name of Object.keys(currentFiles(resolve(root, id)))) if (!(name in old)) files[name] = null;
  return saveCampaignFiles(root, id, files, account, {
    ...options,
    action: 'restore',
    note: `to ${version.slice(0, 12)}`,
  });
}
