import type { Claim } from '../campaign/schema/claim.ts';
import type { Campaign, SectionId } from '../campaign/schema/index.ts';

/** What a claim may refer to in its campaign: audiences, carried joint messages, page sections per language. */
export interface ClaimContext {
  audiences: readonly string[];
  messages: readonly string[];
  /** Sections each published language's page has. */
  sections: Readonly<Record<string, readonly SectionId[]>>;
}

/** A campaign's claim context from its definition and its loaded pages. */
export function claimContext(
  campaign: Pick<Campaign, 'audiences' | 'messages'>,
  pages: Record<string, { sections: readonly { id: SectionId }[] }>,
): ClaimContext {
  return {
    audiences: campaign.audiences.map((a) => a.id),
    messages: campaign.messages,
    sections: Object.fromEntries(
      Object.entries(pages).map(([lang, p]) => [lang, p.sections.map((s) => s.id)]),
    ),
  };
}

/** One reference problem: the field path inside the claim (`audience`, `answeredBy.section`) and the message. */
export interface ClaimReferenceProblem {
  index: number;
  path: (string | number)[];
  message: string;
}

/**
 * Checks what the schema cannot: ids unique, the audience is the campaign's, and the answer exists
 * (the section is on that language's page, the joint message is carried by the campaign).
 */
export function checkClaimReferences(
  claims: readonly Claim[],
  context: ClaimContext,
): ClaimReferenceProblem[] {
  const problems: ClaimReferenceProblem[] = [];
  const seen = new Map<string, number>();
  claims.forEach((c, index) => {
    const add = (path: (string | number)[], message: string) => problems.push({ index, path, message });
    const first = seen.get(c.id);
    if (first !== undefined)
      add(['id'], `claim id "${c.id}" is used twice (first in claims[${first}]); give each claim its own id`);
    else seen.set(c.id, index);
    if (!context.audiences.includes(c.audience))
      add(
        ['audience'],
        `no audience "${c.audience}" in campaign.yaml; use one of ${context.audiences.join(', ')}`,
      );
    const a = c.answeredBy;
    if (a?.message && !context.messages.includes(a.message))
      add(
        ['answeredBy', 'message'],
        context.messages.length
          ? `the campaign does not carry joint message "${a.message}"; use one of ${context.messages.join(', ')}, or add it under messages: in campaign.yaml`
          : `the campaign carries no joint message; add "${a.message}" under messages: in campaign.yaml, or answer with a section`,
      );
    if (a?.section && a.language) {
      const sections = context.sections[a.language];
      if (!sections)
        add(
          ['answeredBy', 'language'],
          `"${a.language}" is not a published language of the campaign; use one of ${Object.keys(context.sections).join(', ')}`,
        );
      else if (!sections.includes(a.section))
        add(
          ['answeredBy', 'section'],
          `the ${a.language} page has no section {#${a.section}}; it has ${sections.map((s) => `{#${s}}`).join(', ')}`,
        );
    }
  });
  return problems;
}
