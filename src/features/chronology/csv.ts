// CSV for spreadsheets. A cell that starts with = + - @ (or a tab or carriage return) would be read as a
// formula by Excel or LibreOffice; it is prefixed with an apostrophe so it stays text (OWASP "CSV injection").

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeCsvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** RFC 4180: every cell quoted, CRLF between rows; a byte-order mark so Excel reads UTF-8. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(escapeCsvCell).join(',')).join('\r\n')}\r\n`;
}
