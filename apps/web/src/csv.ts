/** One CSV field: quoted when it holds a separator, quote or line break (RFC 4180). */
function field(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document of `rows` under `header`, CRLF line ends as spreadsheets expect. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n");
}
