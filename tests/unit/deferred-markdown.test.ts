import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deferMarkdown, fillMarkdown, loadCampaigns, renderMarkdown } from '../../src/core/campaign/index.ts';

describe('Markdown rendered after the check (the build worker)', () => {
  test('loading with placeholders, then filling them, gives exactly what loading directly gives', () => {
    for (const root of ['campaigns', 'tests/fixtures/valid']) {
      const direct = loadCampaigns(root);
      const markdown = deferMarkdown();
      const deferred = loadCampaigns(root, { renderMarkdown: markdown.render });
      assert.ok(markdown.sources.length > 0, 'the Markdown was put off');
      assert.notDeepEqual(deferred, direct, 'placeholders stand in for the HTML before filling');
      assert.deepEqual(deferred.problems, direct.problems, 'the check finds the same problems without rendering');
      fillMarkdown(deferred, markdown.nonce, markdown.sources.map(renderMarkdown));
      assert.deepEqual(deferred, direct);
    }
  });

  test('only placeholders of this load are replaced, copies included, never an author’s text', () => {
    const markdown = deferMarkdown();
    const p = markdown.render('**bold**');
    const other = deferMarkdown().render('x');
    const value = { a: p, list: [p, { deep: p }], text: 'plain', lookalike: other, nested: `${p} and more` };
    fillMarkdown(value, markdown.nonce, markdown.sources.map(renderMarkdown));
    assert.deepEqual(value, { a: '<p><strong>bold</strong></p>', list: ['<p><strong>bold</strong></p>', { deep: '<p><strong>bold</strong></p>' }], text: 'plain', lookalike: other, nested: `${p} and more` });
  });
});
