import { isMap, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Problem } from './errors.ts';

/** A parsed YAML (or front matter) text that can say where any field path sits in the file. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** 1-based line and column of a field path; for a missing field, of its nearest parent. */
  locate(path: readonly PropertyKey[], key?: string): { line: number; column: number };
  syntaxErrors: Problem[];
}

/** yaml's own default: enough for any campaign's anchors, far too few for a "billion laughs" file. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML keeping positions. `lineOffset` shifts lines for front matter that starts below line 1.
 */
export function parseYamlSource(file: string, text: string, lineOffset = 0): YamlSource {
  const counter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = counter.linePos(offset);
    return { line: p.line + lineOffset, column: p.col };
  };
  // Only the first syntax error: later ones are usually the parser losing its footing after it.
  const syntaxErrors: Problem[] = doc.errors.slice(0, 1).map((e) => ({
    code: 'E_YAML_SYNTAX',
    severity: 'error',
    file,
    ...pos(e.pos[0]),
    field: '',
    message: `YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}; indent with spaces and put each "field: value" on its own line`,
  }));

  const locate = (path: readonly PropertyKey[], key?: string) => {
    let node: unknown = doc.contents;
    let best: { line: number; column: number } = { line: 1 + lineOffset, column: 1 };
    const nodePos = (n: unknown) => {
      const range = (n as Node | null)?.range;
      return range ? pos(range[0]) : undefined;
    };
    best = nodePos(node) ?? best;
    const steps = key === undefined ? path : [...path, key];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      const isKeyStep = key !== undefined && i === steps.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (it) => String((it.key as Node & { value?: unknown })?.toJSON?.() ?? it.key) === String(step),
        );
        if (!pair) break;
        if (isKeyStep || pair.value == null) {
          best = nodePos(pair.key) ?? best;
          node = pair.value;
          if (isKeyStep) break;
          continue;
        }
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (node === undefined) break;
      } else break;
      best = nodePos(node) ?? best;
    }
    return best;
  };

  let data: unknown;
  if (!doc.errors.length) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // toJS throws a ReferenceError when aliases would expand past the limit: an author's (or an
      // attacker's) file, not a bug, so it becomes a located problem like a syntax error.
      if (!(e instanceof ReferenceError)) throw e;
      let at = { line: 1 + lineOffset, column: 1 };
      visit(doc, {
        Alias(_, node) {
          if (node.range) at = pos(node.range[0]);
          return visit.BREAK;
        },
      });
      syntaxErrors.push({
        code: 'E_YAML_SYNTAX',
        severity: 'error',
        file,
        ...at,
        field: '',
        message: `too many aliases: the file expands to more than ${MAX_ALIAS_COUNT} copies of aliased values (a "billion laughs" attack, or anchors used far more than a campaign needs); write the values out, or use each &anchor only a few times`,
      });
    }
  }
  return { file, data, locate, syntaxErrors };
}
