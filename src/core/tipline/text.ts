const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  nbsp: '\u00a0',
};

/**
 * The campaign's rendered Markdown as chat text: paragraphs apart, list items as "• ", bold as `*…*`
 * (WhatsApp's own mark; the Telegram adapter turns it into its bold), links as "text (address)".
 * The HTML comes from the campaign's own files, never from a reader.
 */
export function htmlToChat(html: string): string {
  return html
    .replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, (_, href: string, text: string) =>
      text.replace(/<[^>]+>/g, '') === href ? href : `${text} (${href})`,
    )
    .replace(/<\/?(strong|b)>/gi, '*')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|h\d|blockquote|ul|ol)>/gi, '\n\n')
    .replace(/<\/li>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
