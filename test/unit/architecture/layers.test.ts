// Issue 17: the layers, read from the code itself. The domain knows nothing of the web, the database or features; the
// platform knows nothing of features (they reach it through the composition root, src/composition.ts); and no module
// imports itself back through others. For the layers every import counts, `import type` too: a type names the layer
// it comes from as surely as a value does. For loops, the imports that Node runs: `import type` and `export type`
// are erased before a module is evaluated (tsconfig's verbatimModuleSyntax keeps every other import), and the
// services' type (src/services.ts, named by every feature's service) would otherwise make a loop of any feature
// service that services.ts builds.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Comments out, so that an import quoted in a comment is not taken for one. Strings are left, which is enough here. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

// `import … from '…'`, `import type … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
const STATEMENT = /(?:^|[;\n])\s*(?:import|export)\b(\s+type\b)?(?:[^;'"`]*?\bfrom)?\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

type Specifier = { specifier: string; typeOnly: boolean };

export function importSpecifiers(source: string): Specifier[] {
  const text = withoutComments(source);
  return [
    ...[...text.matchAll(STATEMENT)].map((match) => ({ specifier: match[2]!, typeOnly: Boolean(match[1]) })),
    ...[...text.matchAll(DYNAMIC)].map((match) => ({ specifier: match[1]!, typeOnly: false })),
  ];
}

/** Each module of src/, by its path from the repository root, with the modules of src/ it imports (`runtime`: only those Node loads). */
export function importGraph(files: string[], imports: 'all' | 'runtime'): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importSpecifiers(readFileSync(file, 'utf8'))
      .filter(({ specifier, typeOnly }) => specifier.startsWith('.') && (imports === 'all' || !typeOnly))
      .map(({ specifier }) => specifier)
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((target) => target.startsWith(SRC + sep) && target.endsWith('.ts'))
      .map(name);
    graph.set(name(file), [...new Set(targets)].sort());
  }
  return graph;
}

function name(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

/** Every import loop, each once, as the modules it passes through with the first repeated at the end. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components: a component of more than one module (or one importing itself) is a
  // tangle; within it, the shortest loop through each module names it plainly enough to untie.
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        connect(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) connect(node);

  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const component of components) {
    const members = new Set(component);
    for (const start of component) {
      const loop = shortestLoop(graph, members, start);
      if (!loop) continue;
      const key = [...loop.slice(0, -1)].sort().join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      cycles.push(loop);
    }
  }
  return cycles;
}

function shortestLoop(graph: Map<string, string[]>, members: Set<string>, start: string): string[] | null {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = 0; at < queue.length; at += 1) {
    const node = queue[at]!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let back = node; back !== start; back = cameFrom.get(back)!) path.splice(1, 0, back);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

function importsAcross(graph: Map<string, string[]>, from: string, into: string[]): string[] {
  return [...graph].flatMap(([module, targets]) => (module.startsWith(from) ? targets.filter((target) => into.some((layer) => target.startsWith(layer))).map((target) => `${module} → ${target}`) : []));
}

const files = sourceFiles(SRC);
const graph = importGraph(files, 'all');
const runtimeGraph = importGraph(files, 'runtime');

describe('the layers of src/', () => {
  test('the import graph is read (a parser that found nothing would pass everything)', () => {
    const edges = [...graph.values()].reduce((sum, targets) => sum + targets.length, 0);
    assert.ok(graph.size > 200, `only ${graph.size} modules found under src/`);
    assert.ok(edges > 1000, `only ${edges} imports found under src/`);
    assert.ok(graph.get('src/cli.ts')?.length, 'src/cli.ts imports nothing the parser could see');
  });

  test('the platform imports nothing from features, nor from the composition root that gathers them', () => {
    const found = importsAcross(graph, 'src/platform/', ['src/features/', 'src/composition.ts', 'src/services.ts', 'src/cli.ts']);
    assert.deepEqual(found, [], `src/platform/ imports features ${found.length} times:\n  ${found.join('\n  ')}`);
  });

  test('the domain imports nothing from the platform or features: its rules are pure', () => {
    const found = importsAcross(graph, 'src/domain/', ['src/platform/', 'src/features/']);
    assert.deepEqual(found, [], `src/domain/ imports the platform or features ${found.length} times:\n  ${found.join('\n  ')}`);
  });

  test('no module imports itself back through others', () => {
    const cycles = importCycles(runtimeGraph);
    assert.deepEqual(cycles, [], `${cycles.length} import loops in src/:\n  ${cycles.map((cycle) => cycle.join(' → ')).join('\n  ')}`);
  });
});

describe('the import graph reader', () => {
  test('reads every kind of import and export-from, over several lines, and not one quoted in a comment', () => {
    const source = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "export type Named = 'from' | 'b';",
      'import {',
      '  c,',
      '  type C,',
      "} from './c.ts';",
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "// import h from './h.ts';",
      "/* import i from './i.ts'; */",
      "const text = 'from here';",
    ].join('\n');
    assert.deepEqual(
      importSpecifiers(source).map(({ specifier, typeOnly }) => `${specifier}${typeOnly ? ' (type)' : ''}`),
      ['./a.ts', './b.ts (type)', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts'],
    );
  });

  test('finds a loop and prints it, and finds none in a tree', () => {
    const loop = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    assert.deepEqual(importCycles(loop), [['a', 'b', 'c', 'a']]);
    const tree = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    assert.deepEqual(importCycles(tree), []);
  });
});
