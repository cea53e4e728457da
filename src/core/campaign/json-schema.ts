import { z } from 'zod';
import { CampaignSchema, ContentFrontmatterSchema, MessageSchema } from './schema/index.ts';

/**
 * JSON Schemas for editors (YAML language servers read `# yaml-language-server: $schema=…`).
 * They describe what authors write (`io: 'input'`), so fields with defaults are optional.
 */
export function campaignJsonSchemas(): Record<string, unknown> {
  const opts = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;
  return {
    campaign: z.toJSONSchema(CampaignSchema, opts),
    message: z.toJSONSchema(MessageSchema, opts),
    content: z.toJSONSchema(ContentFrontmatterSchema, opts),
  };
}
