import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, async: false });

/**
 * The pre-analysis plan's Markdown as HTML for its printed page: rendered as it is (headings kept; the
 * plan's Markdown escapes every name taken from campaign.yaml, so no author text becomes markup), and
 * sanitize-html's defaults remove anything active all the same.
 */
export function planMarkdownToHtml(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown) as string);
}
