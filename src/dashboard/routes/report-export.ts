import type { APIRoute } from 'astro';
import {
  buildReport,
  CSV_BOM,
  CSV_SHAPES,
  type CsvShape,
  readFilter,
  reportToCsv,
} from '../../core/report/index.ts';
import { renderReportDocument } from '../render-report.ts';
import { filterProblemText, jsonError, methodNotAllowed, signedIn, visibleCampaign } from '../request.ts';

export const prerender = false;

const TYPES = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;

/**
 * `report.json|csv|html|pdf`: the report as data or as the document handed to donors and ministries,
 * in the reader's dashboard language (the HTML and PDF are the same ReportDocument component).
 */
export const GET: APIRoute = async (a) => {
  const format = /\.(json|csv|html|pdf)$/.exec(a.url.pathname)?.[1] as keyof typeof TYPES | undefined;
  if (!format) return jsonError(404, 'not_found', 'no such export');
  const r = await signedIn(a, 'export');
  if (r instanceof Response) return r;
  const loaded = visibleCampaign(r, a.params.campaign);
  if (loaded instanceof Response) return loaded;
  // A filter value that is not a real date or not the campaign's is the link's mistake: 400, named.
  const filter = readFilter(a.url.searchParams, loaded.campaign);
  if (!filter.ok) return jsonError(400, 'bad_request', filterProblemText(r.ui, filter.problem));
  // report.csv?shape=wide: one row per indicator, channel, audience…; long (one row per value) by default.
  const shape = a.url.searchParams.get('shape') ?? 'long';
  if (!(CSV_SHAPES as readonly string[]).includes(shape) || (shape !== 'long' && format !== 'csv'))
    return jsonError(
      400,
      'bad_request',
      `shape: expected ${CSV_SHAPES.join(' or ')}, and only for report.csv`,
    );
  const report = await buildReport(r.context.store, loaded, new Date(), filter.filter);
  const file = `${loaded.campaign.id}-report`;
  const send = (body: string | Uint8Array, type: string, attachment = true) =>
    new Response(body as BodyInit, {
      headers: {
        'content-type': type,
        ...(attachment && {
          'content-disposition': `attachment; filename="${file}${shape === 'wide' ? '-wide' : ''}.${format}"`,
        }),
        'cache-control': 'no-store',
      },
    });
  if (format === 'json') return send(JSON.stringify(report, null, 2), TYPES.json);
  if (format === 'csv') return send(CSV_BOM + reportToCsv(report, r.ui.say, shape as CsvShape), TYPES.csv);
  const html = await renderReportDocument(report, r.ui);
  if (format === 'html') return send(html, TYPES.html, false);
  if (!r.context.printPdf) return jsonError(404, 'not_found', 'PDF export needs Chromium on the server');
  try {
    return send(new Uint8Array(await r.context.printPdf(html)), TYPES.pdf);
  } catch (e) {
    // The printer is the server's (src/views/pdf.ts), a module the server build does not share: its
    // PrinterBusy is known by name, not by class.
    const busy = e as { name?: string; retryAfterSeconds?: number };
    if (busy?.name !== 'PrinterBusy') throw e;
    return jsonError(503, 'busy', `the PDF printer is busy; try again in ${busy.retryAfterSeconds} seconds`, {
      'retry-after': String(busy.retryAfterSeconds),
    });
  }
};

export const ALL: APIRoute = () => methodNotAllowed('GET');
