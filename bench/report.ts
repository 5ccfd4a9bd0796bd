// Small formatting helpers for the Markdown report.

export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-GB');
  return value.toFixed(digits);
}

export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
    return null;
  }
  return b === 0 ? null : a / b;
}

export function fmtRatio(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)}x`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `{ "9": 1200 }` → `9`; several values → `8 (30%), 9 (70%)`. */
export function statementsText(statements: Record<string, number>): string {
  const entries = Object.entries(statements);
  if (entries.length === 0) return '–';
  if (entries.length === 1) return entries[0]?.[0] ?? '–';
  const total = entries.reduce((n, [, count]) => n + count, 0);
  return entries.map(([value, count]) => `${value} (${Math.round((100 * count) / total)}%)`).join(', ');
}

export function verdict(ok: boolean | null): string {
  return ok === null ? 'n/a' : ok ? 'met' : '**missed**';
}
