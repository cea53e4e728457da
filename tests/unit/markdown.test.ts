import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findUnsafeMarkdown, renderMarkdown } from '../../src/core/campaign/markdown.ts';

describe('renderMarkdown sanitises whatever slips past the check', () => {
  const cases: [string, string][] = [
    ['<img src=x onerror="alert(1)">', ''],
    ['[x](javascript:alert(1))', '<p><a rel="noopener noreferrer">x</a></p>'],
    [
      '<a href="https://example.org" onclick="steal()">ok</a>',
      '<p><a href="https://example.org" rel="noopener noreferrer">ok</a></p>',
    ],
    [
      '**bold** and [link](https://example.org)',
      '<p><strong>bold</strong> and <a href="https://example.org" rel="noopener noreferrer">link</a></p>',
    ],
    ['## Heading', '<h3>Heading</h3>'],
    ['<iframe src="https://evil.example"></iframe>', ''],
  ];
  for (const [input, expected] of cases) {
    test(input, () => assert.equal(renderMarkdown(input), expected));
  }
});

describe('findUnsafeMarkdown', () => {
  const cases: [string, string | undefined][] = [
    ['<script>x</script>', 'a <script> element'],
    ['<div onclick="x()">', 'an event handler attribute (on…=)'],
    ['[a](javascript:void(0))', 'a javascript: link'],
    ['<a href="data:text/html,x">', 'a data: link'],
    ['<iframe src=x>', 'an embedded <iframe> element'],
    ['Plain text about JavaScript: nothing unsafe here', undefined],
    ['[safe](https://example.org)', undefined],
  ];
  for (const [line, what] of cases) {
    test(line, () => {
      const [problem] = findUnsafeMarkdown('x.md', line, 5);
      if (what === undefined) assert.equal(problem, undefined);
      else {
        assert.ok(
          problem?.message.startsWith(`unsafe Markdown: ${what} is not allowed`),
          problem?.message ?? 'no problem found',
        );
        assert.equal(problem?.line, 5);
      }
    });
  }
});
