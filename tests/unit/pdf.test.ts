import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { canPrintPdf, createPdfPrinter, PrinterBusy } from '../../src/views/pdf.ts';
import { pdfPageTexts } from '../fixtures/pdf-text.ts';

// A real Chromium (the system's, as the browser tests use) behind the dashboards' PDF export.
describe('the PDF printer', {
  skip: !canPrintPdf() && 'no Chromium here (apt-get install chromium, or CHROMIUM_PATH)',
}, () => {
  const hits: string[] = [];
  const spy = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  let origin = '';
  const printer = createPdfPrinter({ queue: 1 });
  before(async () => {
    await new Promise<void>((r) => spy.listen(0, '127.0.0.1', r));
    const a = spy.address();
    origin = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(async () => {
    await printer.close();
    spy.close();
  });

  test('prints with JavaScript off and every network request refused, in one shared browser', async () => {
    const html = `<!doctype html><html lang="en"><head><title>r</title><link rel="stylesheet" href="${origin}/css"></head><body><h1>Report</h1><img src="${origin}/img" alt=""><script>fetch("${origin}/js");navigator.sendBeacon("${origin}/beacon","x")</script><iframe src="${origin}/frame"></iframe></body></html>`;
    const first = await printer.print(html);
    const second = await printer.print(html);
    for (const pdf of [first, second]) assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(hits, [], 'the printed page reached the network');
    assert.equal(printer.stats().launches, 1);
  });

  test('a document stating its own script policy runs only the scripts it allows by hash, and still reaches no network', async () => {
    const allowed = `document.body.append(Object.assign(document.createElement('p'), { textContent: 'drawn by the allowed script' }));fetch("${origin}/allowed")`;
    const hash = `'sha256-${createHash('sha256').update(allowed).digest('base64')}'`;
    const html = `<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${hash}; style-src 'unsafe-inline'"><title>r</title></head><body><h1>Report</h1><script>${allowed}</script><script>document.body.append('injected ran');fetch("${origin}/injected")</script></body></html>`;
    const before = hits.length;
    const texts = pdfPageTexts(await printer.print(html));
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /drawn by the allowed script/);
    assert.doesNotMatch(texts[0]!, /injected ran/);
    assert.ok(texts[0]!.endsWith('1 / 1'), `numbered: ${texts[0]}`);
    assert.deepEqual(hits.slice(before), [], 'the printed page reached the network');
    // Without a policy of its own, the same document runs nothing.
    const plain = pdfPageTexts(await printer.print(html.replace(/<meta http-equiv[^>]*>/, '')));
    assert.doesNotMatch(plain[0]!, /drawn by the allowed script|injected ran/);
  });

  test('a print that cannot finish in time fails and frees the queue', async () => {
    const quick = createPdfPrinter({ queue: 0, timeoutMs: 1 });
    try {
      await assert.rejects(quick.print('<!doctype html><title>x</title><p>x</p>'), /took longer than/);
      assert.equal(quick.stats().waiting, 0);
    } finally {
      await quick.close();
    }
  });

  test('a browser that stops answering is discarded: the print fails at its deadline and the next one gets a new browser', async () => {
    // 8 s: starting Chromium and printing must fit in it on a loaded two-core machine.
    const p = createPdfPrinter({ queue: 1, timeoutMs: 8000 });
    try {
      await p.print('<!doctype html><title>x</title><p>x</p>');
      const pid = p.stats().pid!;
      assert.ok(pid > 0);
      process.kill(pid, 'SIGSTOP');
      const started = Date.now();
      await assert.rejects(p.print('<!doctype html><title>x</title><p>x</p>'), /took longer than 8 s/);
      assert.ok(Date.now() - started < 12_000);
      const pdf = await p.print('<!doctype html><title>x</title><p>again</p>');
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.deepEqual([p.stats().launches, p.stats().waiting], [2, 0]);
    } finally {
      await p.close();
    }
  });

  test('past one print under way and one waiting, a print is refused at once as busy, with a retry time', async () => {
    const jobs = Array.from({ length: 5 }, () =>
      printer.print('<!doctype html><title>x</title><p>x</p>').then(
        () => 'printed',
        (e: unknown) => e,
      ),
    );
    const results = await Promise.all(jobs);
    assert.deepEqual(
      results.map((r) => (r instanceof PrinterBusy ? 'busy' : r)),
      ['printed', 'printed', 'busy', 'busy', 'busy'],
    );
    assert.ok((results[2] as PrinterBusy).retryAfterSeconds > 0);
    assert.equal(printer.stats().waiting, 0);
  });
});
