// The CSV writer on its own: formula injection (OWASP "CSV injection") and RFC 4180 quoting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeCsvCell, toCsv } from '../../../src/features/chronology/csv.ts';

describe('CSV export cells', () => {
  it('prefixes cells that a spreadsheet would read as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) assert.equal(escapeCsvCell(`${start}1+1`), `"'${start}1+1"`);
  });
  it('leaves ordinary text alone, doubles quotes, keeps new lines inside the quotes', () => {
    assert.equal(escapeCsvCell('Home visit'), '"Home visit"');
    assert.equal(escapeCsvCell('She said "no"'), '"She said ""no"""');
    assert.equal(escapeCsvCell('line 1\nline 2'), '"line 1\nline 2"');
    assert.equal(escapeCsvCell(null), '""');
    assert.equal(escapeCsvCell('a=b'), '"a=b"');
  });
  it('writes a header and rows with CRLF and a byte-order mark', () => {
    assert.equal(toCsv(['a', 'b'], [['1', '=2']]), '\uFEFF"a","b"\r\n"1","\'=2"\r\n');
  });
});
