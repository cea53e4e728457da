import { getLanguage } from '../i18n/languages.ts';

/** What `counterpoint new` is asked for. */
export interface SkeletonRequest {
  id: string;
  /** Published languages, in the order given. */
  languages: string[];
  /** Default language (the x-default page and the source of translations). */
  defaultLanguage: string;
  /** First day, YYYY-MM-DD; the window is eight weeks from it. */
  start: string;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const list = (xs: string[]) => `[${xs.join(', ')}]`;

/**
 * A new campaign's files: campaign.yaml and one content file per language, valid against the schema,
 * with a placeholder (TODO, a todo- id, the country XX) wherever the author has to decide. In a draft
 * they are warnings; once status is active they are errors, so an unfinished page is never published.
 */
export function campaignSkeleton(r: SkeletonRequest): Record<string, string> {
  const files: Record<string, string> = {};
  files['campaign.yaml'] = `# yaml-language-server: $schema=../../schema/campaign.schema.json
# Written by counterpoint new. Replace every TODO, todo-… id and the country XX (validate lists them),
# then set status: active. Every field is explained on hover in an editor with the YAML extension.
id: ${r.id}
title: "TODO: internal title for the team and the dashboards"
owner:
  id: todo-organisation
  name: "TODO: the organisation that runs the campaign"
status: draft
window:
  # Eight weeks from today; the 2016 conference asks for short campaigns.
  start: ${r.start}
  end: ${addDays(r.start, 55)}
languages:
  default: ${r.defaultLanguage}
  published: ${list(r.languages)}
audiences:
  - id: todo-audience
    description: "TODO: who they are, where they live, what they are weighing"
    segment: potential-migrants
    countries: [XX]
    languages: ${list(r.languages)}
channels: [facebook]
contactPoints:
  - id: todo-contact-point
    country: XX
    organisation: "TODO: who answers readers' questions"
    # phone: "+221 33 000 00 00"
    languages: ${list(r.languages)}
evaluation:
  design: reach-only
review:
  status: draft
`;
  for (const lang of r.languages) {
    const name = getLanguage(lang).name;
    files[`${lang}.md`] = `---
headline: "TODO: the page's main heading in ${name}, short and plain"
summary: "TODO: one or two sentences under the headline; also the link preview"
share: "TODO: the text pre-filled when a reader shares the page"
facts:
  - "TODO: a short fact for the printed flyer"
review:
  status: draft
---

TODO: an opening paragraph that takes the reader's wish to leave seriously.

## {#reality}

TODO: the real risks of the journey, stated plainly, with sources you trust.

## {#alternatives}

TODO: the safer, legal options that exist, each with a link.

## {#help}

TODO: where and how to get help, and that it is free and confidential.
`;
  }
  return files;
}
