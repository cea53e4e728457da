import { z } from 'zod';
import { SlugSchema } from './common.ts';

/** The sections a landing page has, in page order. `reality` and `alternatives` keep the message balanced (rule 2). */
export const SECTIONS = ['reality', 'testimonies', 'alternatives', 'help'] as const;
export const REQUIRED_SECTIONS: readonly (typeof SECTIONS)[number][] = ['reality', 'alternatives'];
export type SectionId = (typeof SECTIONS)[number];

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
});

/** Front matter of campaigns/_messages/<id>/<lang>.md. */
export const MessageFrontmatterSchema = z.strictObject({
  /** @example "Personne ne devrait mourir pour un voyage" */
  title: z.string().min(1).max(120),
});

export type ContentFrontmatter = z.output<typeof ContentFrontmatterSchema>;
export type Message = z.output<typeof MessageSchema>;
