// Keystatic's local-mode API (read the files, write what the editor saves), with two changes: it works
// in the campaigns folder wherever COUNTERPOINT_CAMPAIGNS puts it, and campaign.yaml, message.yaml and
// the Markdown files' front matter are tidied on the way to disk (src/core/editor/tidy.ts), so a saved
// file reads like a hand-written one.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeHandler } from '@keystatic/astro/api';
import type { APIRoute } from 'astro';
import config from 'virtual:keystatic-config';
import { baseDirectory, campaignsDir } from 'virtual:counterpoint-editor';
import { tidyMarkdownFile, tidyYamlFile } from '../core/editor/tidy.ts';
import { COMMITTED_SCHEMAS } from './config.ts';

export const prerender = false;

const keystatic = makeHandler({ config, localBaseDirectory: baseDirectory });

interface Update {
  additions: { path: string; contents: string }[];
  deletions: { path: string }[];
}

/** The schema and the comment a new file starts with, for the YAML files the editor writes. */
function yamlKind(path: string) {
  const rel = path.slice(campaignsDir.length + 1).split('/');
  if (rel.length === 2 && rel[1] === 'campaign.yaml')
    return {
      schema: COMMITTED_SCHEMAS.campaign,
      header: '# yaml-language-server: $schema=../../schema/campaign.schema.json\n',
    };
  if (rel.length === 2 && rel[1] === 'claims.yaml' && COMMITTED_SCHEMAS.claims)
    return {
      schema: COMMITTED_SCHEMAS.claims,
      header: '# yaml-language-server: $schema=../../schema/claims.schema.json\n',
    };
  if (rel.length === 3 && rel[0] === '_messages' && rel[2] === 'message.yaml')
    return {
      schema: COMMITTED_SCHEMAS.message,
      header: '# yaml-language-server: $schema=../../../schema/message.schema.json\n',
    };
  return undefined;
}

async function tidy(update: Update): Promise<Update> {
  const additions = await Promise.all(
    update.additions.map(async (a) => {
      if (!a.path.startsWith(`${campaignsDir}/`)) return a;
      const written = Buffer.from(a.contents, 'base64url').toString('utf8');
      const encode = (text: string) => ({ path: a.path, contents: Buffer.from(text).toString('base64url') });
      if (a.path.endsWith('.md'))
        return encode(
          tidyMarkdownFile(written, a.path.includes('/_messages/') ? undefined : COMMITTED_SCHEMAS.content),
        );
      const kind = yamlKind(a.path);
      if (!kind) return a;
      const previous = await readFile(join(baseDirectory, a.path), 'utf8').catch(() => undefined);
      return encode(tidyYamlFile(written, kind.schema, previous, kind.header));
    }),
  );
  return { ...update, additions };
}

export const ALL: APIRoute = async (context) => {
  const { request } = context;
  if (
    request.method !== 'POST' ||
    !new URL(request.url).pathname.replace(/\/$/, '').endsWith('/api/keystatic/update')
  )
    return keystatic(context);
  let update: Update;
  try {
    update = (await request.json()) as Update;
  } catch {
    return new Response('Bad data', { status: 400 });
  }
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  const body = JSON.stringify(await tidy(update));
  return keystatic({ ...context, request: new Request(request.url, { method: 'POST', headers, body }) });
};
