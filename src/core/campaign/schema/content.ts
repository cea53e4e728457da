import { z } from 'zod';
import { DateSchema, LanguageCodeSchema, SlugSchema } from './common.ts';
import { ReviewSchema } from './review.ts';

/** The sections a landing page has, in page order. `reality` and `alternatives` keep the message balanced (rule 2). */
export const SECTIONS = ['reality', 'testimonies', 'alternatives', 'help'] as const;
export const REQUIRED_SECTIONS: readonly (typeof SECTIONS)[number][] = ['reality', 'alternatives'];
export type SectionId = (typeof SECTIONS)[number];

/** What each section is for, told to translators beside its text (XLIFF notes). */
export const SECTION_NOTES: Record<SectionId, string> = {
  reality:
    'The real risks of the journey, stated plainly. Facts, figures and warnings must keep their exact meaning.',
  testimonies: 'First-hand accounts, quoted with consent. Keep names, ages and places as written.',
  alternatives: 'The safer, legal options that exist. Keep every link and programme name.',
  help: 'Where and how to get help. Keep every phone number, address and link exactly as written.',
};

/** A short fingerprint of a source text (8 hex digits), written by `counterpoint translations --mark` and XLIFF import. */
export const SourceHashSchema = z.string().regex(/^[0-9a-f]{8}$/, {
  error:
    'expected the 8 hex digits Counterpoint wrote, like "3f2a9c1b"; run counterpoint translations <id> --mark <lang> to write them again',
});

/**
 * Which version of the source text a translation was made from, one fingerprint per unit. Written by
 * Counterpoint, not by hand: when the source changes, `validate` names the units whose fingerprint no
 * longer matches, so a changed risk fact or help text cannot go unnoticed in another language.
 */
export const TranslatedFromSchema = z.strictObject({
  /**
   * The language this translation was made from (usually the campaign's source language).
   * @example "fr"
   */
  language: LanguageCodeSchema,
  /**
   * The day it was last brought up to date.
   * @example "2027-01-20"
   */
  on: DateSchema.optional(),
  /**
   * Fingerprint of each source unit at the time: headline, summary, share, facts.0 …, intro,
   * sections.reality …
   * @example { headline: "3f2a9c1b", "sections.help": "09be44d2" }
   */
  units: z.record(z.string(), SourceHashSchema).default({}),
});

/** Front matter of campaigns/<id>/<lang>.md. */
export const ContentFrontmatterSchema = z.strictObject({
  /**
   * The page's main heading, short and plain.
   * @example "Le désert et la mer ne pardonnent pas"
   */
  headline: z.string().min(1).max(120),
  /**
   * One or two sentences under the headline; also the page description for link previews.
   * @example "Ce que les passeurs ne disent pas, et les chemins plus sûrs qui existent."
   */
  summary: z.string().min(1).max(300),
  /**
   * Text pre-filled when a reader shares the page on WhatsApp or Telegram.
   * @example "Avant de partir, lis ceci :"
   */
  share: z.string().min(1).max(200),
  /**
   * Three to five short facts for the printed flyer.
   * @example ["1 personne sur 20 meurt en mer", "Un visa de travail saisonnier existe"]
   */
  facts: z.array(z.string().min(1).max(140)).min(1).max(6),
  /**
   * Who checked this language's text, and when.
   * @example { status: "reviewed", by: "Awa Ndiaye (Wolof, Dakar help desk)", on: "2027-01-20" }
   */
  review: ReviewSchema.optional(),
  /**
   * In a translation: the source version it was made from (written by Counterpoint). Absent in the
   * source language's file.
   * @example { language: "fr", units: { headline: "3f2a9c1b" } }
   */
  translatedFrom: TranslatedFromSchema.optional(),
});

/** Metadata of a joint core message, campaigns/_messages/<id>/message.yaml. */
export const MessageSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Same as the folder name. @example "no-one-should-die-for-a-journey" */
  id: SlugSchema,
  /** Internal title. @example "No one should die for a journey" */
  title: z.string().min(1),
  /**
   * Version of the agreed wording; bump it when the text changes so partners can see what moved.
   * @example 2
   */
  version: z.int().positive(),
  /**
   * Organisations that agreed the message.
   * @example ["Example Ministry (fictional)", "Example NGO Dakar (fictional)"]
   */
  partners: z.array(z.string().min(1)).default([]),
  /**
   * Organisations (a campaign's owner id) that may carry the message; without this list, any may. The
   * partners agreed a wording: a campaign of another organisation cannot present it as theirs.
   * @example ["example-ngo-dakar", "example-ministry"]
   */
  organisations: z.array(SlugSchema).min(1).optional(),
});

/** Front matter of campaigns/_messages/<id>/<lang>.md. */
export const MessageFrontmatterSchema = z.strictObject({
  /** @example "Personne ne devrait mourir pour un voyage" */
  title: z.string().min(1).max(120),
});

export type ContentFrontmatter = z.output<typeof ContentFrontmatterSchema>;
export type TranslatedFrom = z.output<typeof TranslatedFromSchema>;
export type Message = z.output<typeof MessageSchema>;
