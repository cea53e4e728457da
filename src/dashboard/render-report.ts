import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import type { Report } from '../core/report/index.ts';
import PlanDocument from './components/PlanDocument.astro';
import ReportDocument from './components/ReportDocument.astro';
import type { Ui } from './ui.ts';

let container: Promise<AstroContainer> | undefined;

/**
 * The report as one self-contained HTML document, rendered from ReportDocument.astro by Astro's
 * container API: the server's HTML and PDF exports call it in the server build, the CLI through a Vite
 * load of this module (src/views/report-document.ts), so every copy of the report is the same page.
 */
export async function renderReportDocument(report: Report, ui: Ui): Promise<string> {
  container ??= AstroContainer.create();
  const html = await (await container).renderToString(ReportDocument, { props: { report, ui } });
  return html.startsWith('<!') ? html : `<!DOCTYPE html>${html}`;
}

/** The pre-analysis plan as one self-contained HTML document (PlanDocument.astro), for its PDF. */
export async function renderPlanDocument(markdown: string, title: string): Promise<string> {
  container ??= AstroContainer.create();
  const html = await (await container).renderToString(PlanDocument, { props: { markdown, title } });
  return html.startsWith('<!') ? html : `<!DOCTYPE html>${html}`;
}
