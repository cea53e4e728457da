import { BROWSER_HELP, findBrowser } from '../../scripts/find-browser.js';

/** Whether a Chromium is there to print PDFs with. */
export function canPrintPdf(): boolean {
  return !!findBrowser();
}

/** Prints HTML to an A4 PDF with the system's Chromium (the one the browser tests use). */
export async function printPdf(html: string): Promise<Buffer> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error(BROWSER_HELP);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true });
  } finally {
    await browser.close();
  }
}
