import type { Browser } from 'playwright-core';
import { BROWSER_HELP, findBrowser } from '../../scripts/find-browser.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

/** Whether a Chromium is there to print PDFs with. */
export function canPrintPdf(): boolean {
  return !!findBrowser();
}

/** Said when every place in the print queue is taken; the server answers 503 with Retry-After. */
export class PrinterBusy extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('the PDF printer is busy');
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * A PDF printer for a long-running server: one shared Chromium (started on first use, started again if
 * it dies), one print at a time and `queue` more waiting; past that, `print` throws PrinterBusy at once
 * instead of piling up browsers. Each print gets a fresh context with JavaScript off, and every network
 * request it would make is refused: the report HTML is self-contained, and whatever an imported ad-set
 * name or topic might smuggle into it can neither run nor call out.
 */
export function createPdfPrinter(opts: { queue?: number; timeoutMs?: number } = {}) {
  const queue = opts.queue ?? 2;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let browser: Promise<Browser> | undefined;
  let waiting = 0;
  let launches = 0;
  let chain: Promise<unknown> = Promise.resolve();

  const launch = async (): Promise<Browser> => {
    const executablePath = findBrowser();
    if (!executablePath) throw new Error(BROWSER_HELP);
    const { chromium } = await import('playwright-core');
    launches++;
    const b = await chromium.launch({ executablePath, args: ARGS });
    b.on('disconnected', () => (browser = undefined));
    return b;
  };

  const printOne = async (html: string): Promise<Buffer> => {
    browser ??= launch().catch((e) => {
      browser = undefined;
      throw e;
    });
    const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
    let timer: NodeJS.Timeout | undefined;
    // A print that never finishes must not hold the queue: past the timeout its context is closed
    // (which ends whatever it was doing) and the print fails.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void context.close().catch(() => {});
        reject(new Error(`the PDF took longer than ${timeoutMs / 1000} s to print`));
      }, timeoutMs);
    });
    const work = async () => {
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true });
    };
    try {
      return await Promise.race([work(), deadline]);
    } finally {
      clearTimeout(timer);
      await context.close().catch(() => {});
    }
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
    const b = browser;
    browser = undefined;
    if (b) await (await b.catch(() => undefined))?.close();
  }

  /** For monitoring: prints waiting or under way, and how many times a browser was started. */
  const stats = () => ({ waiting, launches });

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
