import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

import type { FieldDoc } from '../core/campaign/json-schema.ts';

/**
 * Reads the JSDoc of every field in the schema sources: `XxxSchema = z.strictObject({ /** … *\/ field })`.
 * The zod schema's comments are the documentation; this carries them into the JSON Schema so editors
 * show them on hover, without writing them twice.
 */
export function readSchemaDocs(dir: string): Map<string, Map<string, FieldDoc>> {
  const out = new Map<string, Map<string, FieldDoc>>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
    const file = join(dir, name);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const object = findObjectLiteral(node.initializer);
        if (object) out.set(node.name.text, fieldDocs(object));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

function findObjectLiteral(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
  // z.strictObject({...}) possibly followed by .superRefine(...) etc.
  let e: ts.Expression = expr;
  while (ts.isCallExpression(e)) {
    const callee = e.expression;
    if (
      ts.isPropertyAccessExpression(callee) &&
      /^(strictObject|object|looseObject)$/.test(callee.name.text)
    ) {
      const [arg] = e.arguments;
      return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
    }
    e = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  }
  return undefined;
}

function fieldDocs(object: ts.ObjectLiteralExpression): Map<string, FieldDoc> {
  const docs = new Map<string, FieldDoc>();
  for (const prop of object.properties) {
    if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)))
      continue;
    const jsDoc = ts.getJSDocCommentsAndTags(prop).find(ts.isJSDoc);
    if (!jsDoc) continue;
    const description = ts.getTextOfJSDocComment(jsDoc.comment)?.trim();
    const examples = (jsDoc.tags ?? [])
      .filter((t) => t.tagName.text === 'example')
      .map((t) => ts.getTextOfJSDocComment(t.comment)?.trim())
      .filter((x): x is string => !!x)
      .map(parseExample);
    docs.set(prop.name.text, { ...(description && { description }), ...(examples.length && { examples }) });
  }
  return docs;
}

/** Examples are written as JSON or as JS object literals with bare keys; fall back to the text. */
function parseExample(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":'));
    } catch {
      return text;
    }
  }
}
