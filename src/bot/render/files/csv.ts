/** A cell as CSV text: dates as ISO 8601, objects as JSON, text guarded against spreadsheet formulas. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  // A text cell starting with = + - @ (or a tab / CR) would run as a formula in a spreadsheet; numbers are fine.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text))
    return `'${text}`;
  return text;
}

/** Quotes a field when it holds a comma, quote or line break (RFC 4180). */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A result as RFC 4180 CSV with a header line, CRLF line ends and a UTF-8 byte order mark (Excel reads it right). */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [
    columns.map((c) => field(c)).join(','),
    ...rows.map((r) => r.map((v) => field(cellText(v))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
