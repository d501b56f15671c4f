import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The house rule for the product's code: no function longer than this many lines, signature to closing brace. */
const MAX_LINES = 80;
const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = ['lib', 'bin', 'lambdas'];

interface Measured {
  where: string;
  lines: number;
}

describe('function length', () => {
  const measured = FOLDERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).flatMap(functionsOf);
  const over = measured.filter((f) => f.lines > MAX_LINES);

  it('finds the functions it measures (constructors, methods, arrows included)', () => {
    const names = new Set(measured.map((f) => f.where));
    expect(names).toContain('lib/infra/stepHandlers.ts#StepHandlers.constructor');
    expect(names).toContain('lambdas/check.ts#handler');
    expect(measured.length).toBeGreaterThan(500);
  });

  it(`no function in ${FOLDERS.join(', ')} is longer than ${MAX_LINES} lines`, () => {
    expect(over).toEqual([]);
  });

  it('measures from the signature to the closing brace', () => {
    const text = ['function f(', '  a: number,', ') {', '  return a;', '}', 'const g = () => 1;'].join('\n');
    expect(functionsIn('x.ts', text)).toEqual([
      { where: 'x.ts#f', lines: 5 },
      { where: 'x.ts#g', lines: 1 },
    ]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));
}

function functionsOf(file: string): Measured[] {
  return functionsIn(relative(ROOT, file).split('\\').join('/'), readFileSync(file, 'utf8'));
}

function functionsIn(path: string, text: string): Measured[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: Measured[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ where: `${path}#${nameOf(node)}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `Class.method`, `function`, the variable or property an arrow is assigned to, else `<anonymous>@line`. */
function nameOf(node: ts.SignatureDeclaration): string {
  const own = ts.isConstructorDeclaration(node) ? 'constructor' : node.name?.getText();
  const holder = node.parent;
  const assigned =
    (ts.isVariableDeclaration(holder) ||
      ts.isPropertyAssignment(holder) ||
      ts.isPropertyDeclaration(holder)) &&
    holder.name.getText();
  const name = own ?? (assigned || undefined);
  if (name === undefined) {
    const line = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
    return `<anonymous>@${line}`;
  }
  const owner = node.parent;
  return ts.isClassLike(owner) && owner.name ? `${owner.name.getText()}.${name}` : name;
}
