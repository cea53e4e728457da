import type { Browser, BrowserServer } from 'playwright-core';
import { BROWSER_HELP, CHROMIUM_ARGS, findBrowser } from '../../scripts/find-browser.js';

/** A document's own CSP with a script-src: the printer lets such a document run what it allows. */
const STATES_SCRIPT_POLICY = /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'sha256-/;
/** A4's width (210 mm) less 14 mm margins each side, in CSS pixels (96 per inch). */
const A4_CONTENT_PX = Math.floor(((210 - 28) / 25.4) * 96);
/** The printer's window: A4 between its margins plus the document's own padding (1rem each side). */
export const PRINT_VIEWPORT_WIDTH = A4_CONTENT_PX + 32;
/**
 * Every page's footer: the document's title and "page / pages" (Chromium fills the spans). Numbers and a
 * slash read the same in every language the reports are in.
 */
const FOOTER =
  '<div style="font:8px system-ui,sans-serif;width:100%;padding:0 14mm;display:flex;justify-content:space-between;color:#3d4654"><span class="title"></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>';

/** Whether a Chromium is there to print PDFs with. */
export function canPrintPdf(): boolean {
  return !!findBrowser();
}

/** Said when every place in the print queue is taken; the server answers 503 with Retry-After. */
export class PrinterBusy extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('the PDF printer is busy');
    this.name = 'PrinterBusy';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A PDF printer for a long-running server: one shared Chromium (started on first use, started again if
 * it dies), one print at a time and `queue` more waiting; past that, `print` throws PrinterBusy at once
 * instead of piling up browsers. Each print gets a fresh context with JavaScript off (on only for a
 * document whose own CSP allows its scripts by hash: the report's charts), and every network request it
 * would make is refused: the report HTML is self-contained, and whatever an imported ad-set
 * name or topic might smuggle into it can neither run nor call out.
 */
export function createPdfPrinter(opts: { queue?: number; timeoutMs?: number } = {}) {
  const queue = opts.queue ?? 2;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let browser: Promise<Browser> | undefined;
  let waiting = 0;
  let launches = 0;
  let chain: Promise<unknown> = Promise.resolve();

  // The browser runs as a server (launchServer) so that its process can be killed when it stops
  // answering: a hung Chromium answers nothing, close() included.
  let current: { browser: Browser; server: BrowserServer } | undefined;
  // Bumped whenever the browser is given up (discard, close): a launch still under way then is killed
  // as soon as it completes instead of becoming the shared browser.
  let generation = 0;
  const launch = async (): Promise<Browser> => {
    const mineGeneration = generation;
    const executablePath = findBrowser();
    if (!executablePath) throw new Error(BROWSER_HELP);
    const { chromium } = await import('playwright-core');
    launches++;
    const server = await chromium.launchServer({ executablePath, args: CHROMIUM_ARGS });
    if (mineGeneration !== generation) {
      server.process().kill('SIGKILL');
      throw new Error('the PDF printer was stopped');
    }
    const b = await chromium.connect(server.wsEndpoint());
    const mine = { browser: b, server };
    // Only this browser's own end forgets it: a newer one launched since stays.
    b.on('disconnected', () => {
      if (current === mine) {
        current = undefined;
        browser = undefined;
      }
    });
    current = mine;
    return b;
  };

  /** Drops the shared browser (it is stuck or dead); the next print starts a new one. */
  const discard = () => {
    generation++;
    const c = current;
    current = undefined;
    browser = undefined;
    c?.server.process().kill('SIGKILL');
  };

  const printOne = (html: string): Promise<Buffer> => {
    let timer: NodeJS.Timeout | undefined;
    // A print that never finishes must not hold the queue. The deadline covers everything, starting
    // the browser and opening its context included; past it the browser is discarded (a hung Chromium
    // answers nothing, close() included) and the print fails.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        discard();
        reject(new Error(`the PDF took longer than ${timeoutMs / 1000} s to print`));
      }, timeoutMs);
    });
    const work = async () => {
      browser ??= launch().catch((e) => {
        browser = undefined;
        throw e;
      });
      // Scripts run only in a document that states its own script policy (the report: its charts'
      // script by hash, src/dashboard/components/ReportDocument.astro); any other runs none.
      const scripts = STATES_SCRIPT_POLICY.test(html);
      const context = await (await browser).newContext({
        javaScriptEnabled: scripts,
        offline: true,
        // The width of A4 between its margins (plus the document's own 1rem padding each side, which
        // print drops), so that charts are drawn at the width they print at.
        viewport: { width: PRINT_VIEWPORT_WIDTH, height: 1100 },
      });
      try {
        await context.route('**/*', (route) => route.abort('blockedbyclient'));
        const page = await context.newPage();
        page.setDefaultTimeout(timeoutMs);
        await page.setContent(html, { waitUntil: 'load' });
        // Charts are drawn without animation as the script runs; wait until every one is.
        if (scripts && html.includes('data-chart='))
          await page.waitForFunction(() => document.documentElement.dataset['charts'] === 'drawn');
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: FOOTER,
          margin: { top: '14mm', bottom: '16mm', left: '14mm', right: '14mm' },
        });
      } finally {
        void context.close().catch(() => {});
      }
    };
    return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));
  };

  /** Prints HTML to an A4 PDF; throws PrinterBusy when `queue` prints are already waiting. */
  function print(html: string): Promise<Buffer> {
    if (waiting >= queue + 1) return Promise.reject(new PrinterBusy(Math.ceil(timeoutMs / 1000 / 3)));
    waiting++;
    const job = chain.then(() => printOne(html));
    chain = job.catch(() => {});
    return job.finally(() => waiting--);
  }

  async function close(): Promise<void> {
    generation++;
    const b = browser;
    const c = current;
    browser = undefined;
    current = undefined;
    if (b) await (await b.catch(() => undefined))?.close().catch(() => {});
    await c?.server.close().catch(() => {});
  }

  /** For monitoring: prints waiting or under way, and how many times a browser was started. */
  const stats = () => ({ waiting, launches, pid: current?.server.process().pid });

  return { print, close, stats };
}

/** Prints HTML to an A4 PDF once (the CLI): its own printer, closed afterwards. */
export async function printPdf(html: string): Promise<Buffer> {
  const printer = createPdfPrinter();
  try {
    return await printer.print(html);
  } finally {
    await printer.close();
  }
}
