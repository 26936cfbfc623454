// The README and the one-page map name files by path: a file moved without its mention is a map that lies to a
// newcomer (issue 17), so every path they name must exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const DOCUMENTS = ['README.md', 'docs/architecture.md', 'docs/access-model.md', 'docs/assurance.md'];
const PATH = /`((?:src|test|bench|scripts|docs)\/[A-Za-z0-9_./-]+\.(?:ts|md|json|yaml|njk))`/g;

describe('the documents name files that exist', () => {
  it('finds paths, and every one exists', () => {
    let named = 0;
    const missing: string[] = [];
    for (const document of DOCUMENTS) {
      for (const [, path] of readFileSync(document, 'utf8').matchAll(PATH)) {
        named++;
        if (!existsSync(path!)) missing.push(`${document}: ${path!}`);
      }
    }
    assert.ok(named > 20, `only ${named} paths found: is the pattern right?`);
    assert.deepEqual(missing, []);
  });
});
