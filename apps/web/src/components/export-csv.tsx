import { useState } from "react";
import type { Page } from "../api/types";
import { toCsv } from "../csv";
import { ErrorNotice } from "./common";

/** More than this is a job for the API, not a browser tab. */
const MAX_ROWS = 10_000;
const PAGE_SIZE = 500;

/**
 * Downloads every row of the filtered list as CSV, page by page through the same API call the
 * list makes, up to MAX_ROWS.
 */
export function ExportCsv<T>(props: {
  name: string;
  header: readonly string[];
  load(cursor: string | null, limit: number): Promise<Page<T>>;
  row(item: T): readonly unknown[];
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState("");
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const rows: (readonly unknown[])[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<T> = await props.load(cursor, PAGE_SIZE);
        rows.push(...page.items.map(props.row));
        cursor = page.nextCursor;
      } while (cursor && rows.length < MAX_ROWS);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([toCsv(props.header, rows)], { type: "text/csv" }));
      link.download = `${props.name}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
      setNote(
        cursor
          ? `First ${rows.length} rows exported; narrow the filters for the rest.`
          : `${rows.length} row${rows.length === 1 ? "" : "s"} exported.`,
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="export">
      <button type="button" className="small secondary" disabled={busy} onClick={() => void run()}>
        {busy ? "Exporting…" : "Export CSV"}
      </button>
      <span role="status" className="hint">
        {note}
      </span>
      {error !== null && <ErrorNotice error={error} title="The export failed" />}
    </div>
  );
}
