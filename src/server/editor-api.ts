import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { can, canAnywhere, sessionUser, type Action, type User } from '../core/auth/index.ts';
import {
  AuthoringError,
  campaignHistory,
  checkCampaign,
  currentFiles,
  ownerInYaml,
  ownerOf,
  publish,
  publishHistory,
  restoreVersion,
  saveCampaignFiles,
} from '../core/authoring/index.ts';
import { campaignFolders, type LoadedCampaign } from '../core/campaign/index.ts';
import type { Store } from '../core/metrics/index.ts';
import { setFrontmatterField } from '../core/translation/content-file.ts';
import { buildServerSite } from '../lib/build-site.ts';
import { methodNotAllowed, readBody, sendError } from './http.ts';

/**
 * The editor's JSON API, under the dashboard's path so the dashboard's session cookie (HttpOnly,
 * SameSite=Strict, Path=/dashboard) reaches it and public pages stay cookie-free; every POST has passed
 * the server's same-site check (src/server/main.ts) and must be `application/json`, which a form on
 * another site cannot send. Handlers read as validate → authorise → act → respond.
 *
 *     GET  campaigns                     the campaigns the account may read, with what it may do on each
 *     GET  campaigns/<id>                its files, the problems validate finds, its history
 *     POST campaigns/<id>                save {files: {name: text | null}} → {version, problems, valid};
 *                                        a new id: creates it (201) when campaign.yaml's owner is the account's
 *     GET  campaigns/<id>/history        recorded versions (newest first) and the publishes that took it
 *     POST campaigns/<id>/restore        {version} → as a save
 *     POST campaigns/<id>/review         {language, by?} marks that page reviewed (reviewer, publisher)
 *     POST publish                       check, build, swap (publisher) → the publish's result
 */
export const EDITOR_API_PATH = '/dashboard/editor/api/';
/** A save carries a campaign's text files (each at most 512 KB, see SAVE_LIMITS). */
const BODY_LIMIT = 2 * 1024 * 1024;
const SESSION_COOKIE = 'cp_session';

export interface EditorApiOptions {
  store: Store;
  /** The campaigns folder authors save into. */
  root: string;
  publishDir: string;
  proxyHops: number;
  localesDir?: string;
  /** Called with the new build once a publish made it live (the server switches to it). */
  onPublished: (build: string, campaigns: LoadedCampaign[]) => Promise<void>;
  /** The build a publish runs (tests may pass their own); the server-mode build in a child process. */
  build?: (campaigns: string, out: string) => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
};

function sessionToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE && value && /^[A-Za-z0-9_-]{1,100}$/.test(value)) return value;
  }
  return undefined;
}

/** A JSON object body, or a reason it is not one (answered 4xx by the caller). */
async function readJson(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<
  { ok: true; body: Record<string, unknown> } | { ok: false; status: number; code: string; message: string }
> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    return {
      ok: false,
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the body as application/json',
    };
  const text = await readBody(req, BODY_LIMIT, res);
  if (text === undefined)
    return {
      ok: false,
      status: 413,
      code: 'too_large',
      message: `the body is over ${BODY_LIMIT / 1024 / 1024} MB`,
    };
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body))
      return { ok: true, body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { ok: false, status: 400, code: 'bad_request', message: 'the body is not a JSON object' };
}

export function createEditorApi(opts: EditorApiOptions) {
  const root = resolve(opts.root);
  const campaignDirs = () => campaignFolders(root);
  const campaignOf = (id: string) => {
    const dir = join(root, id);
    const owner = existsSync(join(dir, 'campaign.yaml')) ? ownerOf(dir) : undefined;
    return owner === undefined ? undefined : { owner: { id: owner } };
  };
  const abilities = (user: User, c: { owner: { id: string } }) => ({
    edit: can(user, 'edit', c),
    review: can(user, 'review', c),
    publish: can(user, 'publish', c),
  });

  /** A new campaign: its first save holds a campaign.yaml owned by an organisation where the account edits. */
  async function create(req: IncomingMessage, res: ServerResponse, user: User, id: string): Promise<void> {
    const read = await readJson(req, res);
    if (!read.ok) return sendError(res, read.status, read.code, read.message);
    const files = read.body['files'] as Record<string, unknown> | undefined;
    const yaml = files && typeof files === 'object' ? files['campaign.yaml'] : undefined;
    if (typeof yaml !== 'string')
      return sendError(
        res,
        400,
        'bad_request',
        'files.campaign.yaml: a new campaign starts with its campaign.yaml',
      );
    const owner = ownerInYaml(yaml);
    if (owner === undefined)
      return sendError(res, 400, 'bad_request', 'owner.id: campaign.yaml must name its owner organisation');
    if (!can(user, 'edit', { owner: { id: owner } }))
      return sendError(res, 403, 'forbidden', `owner.id: you may not create campaigns of "${owner}"`);
    try {
      const saved = await saveCampaignFiles(root, id, files as Record<string, string | null>, user, {
        ...(opts.localesDir && { localesDir: opts.localesDir }),
      });
      return json(res, 201, saved);
    } catch (e) {
      if (e instanceof AuthoringError)
        return json(res, 400, { error: { code: e.code, message: e.message, field: e.field } });
      throw e;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const token = sessionToken(req);
    const user = token ? await sessionUser(opts.store, token) : undefined;
    if (!user) return sendError(res, 401, 'unauthorised', 'sign in at /dashboard/login/');
    const rest = path.slice(EDITOR_API_PATH.length).replace(/\/$/, '');
    const parts = rest.split('/');

    if (rest === 'campaigns') {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET');
      const campaigns = campaignDirs().flatMap((id) => {
        const c = campaignOf(id);
        if (!c || !can(user, 'read-report', c)) return [];
        return [{ id, owner: c.owner.id, may: abilities(user, c) }];
      });
      return json(res, 200, { campaigns });
    }

    if (rest === 'publish') {
      if (method !== 'POST') return methodNotAllowed(res, 'POST');
      if (!canAnywhere(user, 'publish'))
        return sendError(res, 403, 'forbidden', 'publishing needs the publisher role in an organisation');
      const result = await publish({
        root,
        dir: opts.publishDir,
        account: user,
        build: opts.build ?? buildServerSite,
        onLive: opts.onPublished,
        ...(opts.localesDir && { localesDir: opts.localesDir }),
      });
      if (result.ok) {
        const { campaigns: _, ...answer } = result;
        return json(res, 200, answer);
      }
      const status = { problems: 422, build: 422, forbidden: 403, busy: 409 }[result.reason];
      return json(res, status, {
        error: { code: `publish_${result.reason}`, message: result.message },
        ...result,
      });
    }

    if (parts[0] !== 'campaigns' || !parts[1] || parts.length > 3)
      return sendError(res, 404, 'not_found', 'no such editor API path');
    const id = parts[1];
    const action = parts[2] ?? '';
    // Another organisation's campaign is "not found": its existence is not revealed.
    const campaign = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) ? campaignOf(id) : undefined;
    const need = (a: Action) => campaign !== undefined && can(user, a, campaign);
    if (
      !campaign &&
      action === '' &&
      method === 'POST' &&
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) &&
      !existsSync(join(root, id))
    )
      return create(req, res, user, id);
    if (!need('read-report')) return sendError(res, 404, 'not_found', `no campaign "${id}"`);

    try {
      if (action === '') {
        if (method === 'GET' || method === 'HEAD')
          return json(res, 200, {
            id,
            owner: campaign!.owner.id,
            may: abilities(user, campaign!),
            files: currentFiles(join(root, id)),
            problems: checkCampaign(root, id, opts.localesDir),
          });
        if (method !== 'POST') return methodNotAllowed(res, 'GET, POST');
        if (!need('edit'))
          return sendError(res, 403, 'forbidden', 'editing needs the author or publisher role');
        const read = await readJson(req, res);
        if (!read.ok) return sendError(res, read.status, read.code, read.message);
        const files = read.body['files'];
        if (!files || typeof files !== 'object' || Array.isArray(files))
          return sendError(
            res,
            400,
            'bad_request',
            'files: expected an object of file name → text (or null)',
          );
        const yaml = (files as Record<string, unknown>)['campaign.yaml'];
        if (typeof yaml === 'string') {
          // An author cannot hand a campaign to an organisation where they may not edit.
          const owner = ownerInYaml(yaml);
          if (owner !== undefined && !can(user, 'edit', { owner: { id: owner } }))
            return sendError(res, 403, 'forbidden', `owner.id: you may not edit campaigns of "${owner}"`);
        }
        const saved = await saveCampaignFiles(root, id, files as Record<string, string | null>, user, {
          ...(opts.localesDir && { localesDir: opts.localesDir }),
        });
        return json(res, 200, saved);
      }
      if (action === 'history') {
        if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed(res, 'GET');
        return json(res, 200, {
          versions: await campaignHistory(root, id),
          publishes: publishHistory(opts.publishDir, id),
        });
      }
      if (action === 'restore') {
        if (method !== 'POST') return methodNotAllowed(res, 'POST');
        if (!need('edit'))
          return sendError(res, 403, 'forbidden', 'restoring needs the author or publisher role');
        const read = await readJson(req, res);
        if (!read.ok) return sendError(res, read.status, read.code, read.message);
        const version = read.body['version'];
        if (typeof version !== 'string' || !version)
          return sendError(res, 400, 'bad_request', 'version: expected the id of a recorded version');
        return json(
          res,
          200,
          await restoreVersion(root, id, version, user, {
            ...(opts.localesDir && { localesDir: opts.localesDir }),
          }),
        );
      }
      if (action === 'review') {
        if (method !== 'POST') return methodNotAllowed(res, 'POST');
        if (!need('review'))
          return sendError(res, 403, 'forbidden', 'marking a review needs the reviewer or publisher role');
        const read = await readJson(req, res);
        if (!read.ok) return sendError(res, read.status, read.code, read.message);
        const { language, by } = read.body;
        if (typeof language !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))
          return sendError(
            res,
            400,
            'bad_request',
            'language: expected a language code such as fr or zh-Hans',
          );
        if (by !== undefined && (typeof by !== 'string' || !by.trim() || by.length > 200))
          return sendError(
            res,
            400,
            'bad_request',
            'by: expected the reviewer’s name or role (at most 200 characters)',
          );
        const file = `${language}.md`;
        const text = currentFiles(join(root, id))[file];
        if (text === undefined) return sendError(res, 404, 'not_found', `language: ${id} has no ${file}`);
        let marked: string;
        try {
          marked = setFrontmatterField(text, 'review', {
            status: 'reviewed',
            by: (by as string | undefined)?.trim() ?? user.email,
            on: new Date().toISOString().slice(0, 10),
          });
        } catch (e) {
          return sendError(res, 422, 'unprocessable', `${file}: ${(e as Error).message}`);
        }
        return json(
          res,
          200,
          await saveCampaignFiles(root, id, { [file]: marked }, user, {
            note: `${language} reviewed`,
            ...(opts.localesDir && { localesDir: opts.localesDir }),
          }),
        );
      }
      return sendError(res, 404, 'not_found', 'no such editor API path');
    } catch (e) {
      if (e instanceof AuthoringError)
        return json(res, e.code === 'E_VERSION' ? 404 : 400, {
          error: { code: e.code, message: e.message, field: e.field },
        });
      throw e;
    }
  }
  return { handle };
}
