import type { Campaign } from '../campaign/schema/campaign.ts';

/**
 * The tipline addresses of a tracked link: the code travels as the bot's start parameter
 * (`https://t.me/<bot>?start=<code>`) or as the first message's text (`https://wa.me/<number>?text=<code>`),
 * so the conversation is counted against the post, flyer or audience the code stands for.
 */
export function tiplineLinks(campaign: Campaign, code: string): { telegram?: string; whatsapp?: string } {
  const t = campaign.tipline;
  return {
    ...(t?.telegram && { telegram: `https://t.me/${t.telegram.bot}?start=${encodeURIComponent(code)}` }),
    ...(t?.whatsapp && {
      whatsapp: `https://wa.me/${t.whatsapp.number.replace(/\D/g, '')}?text=${encodeURIComponent(code)}`,
    }),
  };
}
