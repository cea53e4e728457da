import { z } from 'zod';
import { OFFER_KINDS } from '../campaign/schema/offer.ts';
import { OFFER_PLATFORMS } from './signs.ts';

/** Longest report text a reader may send (characters). */
export const MAX_REPORT_TEXT = 1000;

/** The offer-check form (field names are short: they travel in every submission). */
export const OfferCheckFormSchema = z.strictObject({
  c: z.string().min(1).max(80),
  l: z.string().min(1).max(20),
  k: z.enum(OFFER_KINDS),
  /** The ticked signs' ids; only counted, never stored. */
  s: z.array(z.string().max(40)).max(20).default([]),
});

const httpLink = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), {
    error: 'a link must start with http:// or https://',
  });

/** The report form. The text is kept as text: no markup is interpreted, ever. */
export const OfferReportFormSchema = z.strictObject({
  c: z.string().min(1).max(80),
  l: z.string().min(1).max(20),
  kind: z.enum(OFFER_KINDS),
  platform: z.enum(OFFER_PLATFORMS),
  link: httpLink.default(''),
  text: z.string().trim().min(1, { error: 'say in a few words what the offer was' }).max(MAX_REPORT_TEXT),
});

/**
 * An urlencoded form body as an object for one of the schemas: repeated names (`s=fee&s=passport`)
 * become lists where the schema wants a list, and the first value otherwise. Returns the parsed value
 * or `field: message` of the first problem.
 */
export function parseOfferForm<S extends typeof OfferCheckFormSchema | typeof OfferReportFormSchema>(
  schema: S,
  body: string,
): { ok: true; value: z.output<S> } | { ok: false; error: string } {
  const params = new URLSearchParams(body);
  const lists = new Set(schema === OfferCheckFormSchema ? ['s'] : []);
  const obj: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys()))
    obj[name] = lists.has(name) ? params.getAll(name) : params.get(name)!;
  const parsed = schema.safeParse(obj);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<S> };
  const issue = parsed.error.issues[0]!;
  return { ok: false, error: `${issue.path.join('.') || 'form'}: ${issue.message}` };
}
