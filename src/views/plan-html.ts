import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml as esc } from '../core/text.ts';
import { REPORT_CSS } from './styles.ts';

const marked = new Marked({ gfm: true, async: false });

/**
 * The pre-analysis plan as one self-contained HTML page, for its PDF: the Markdown rendered as it is
 * (the plan's Markdown escapes every name taken from campaign.yaml, so no author text becomes markup;
 * sanitize-html's defaults remove anything active all the same), with the report's print styles, no
 * script and no external request.
 */
export function preAnalysisPlanHtml(markdown: string, title: string): string {
  return `<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${REPORT_CSS}</style></head><body><main>${sanitizeHtml(marked.parse(markdown) as string)}</main></body></html>\n`;
}
