/** Formats one cell for people: numbers with separators, dates as ISO days, null as an empty cell. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? value.toLocaleString('en-US')
      : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value))
    return value.slice(0, 10);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders rows as a monospace text table with a header rule, cutting wide cells. */
export function formatTable(columns: readonly string[], rows: readonly unknown[][], maxWidth = 40): string {
  const cut = (s: string) => (s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s);
  const cells = rows.map((r) => r.map((v) => cut(formatCell(v))));
  const widths = columns.map((c, i) => Math.max(cut(c).length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map(
    (_, i) => rows.length > 0 && rows.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map(cut)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
