import type { Page } from "../api/types";

/** How many rows the whole filter matches: "1,234 jobs", or "10,000+ jobs" past the server's cap. */
export function ListTotal({ page, noun }: { page: Page<unknown> | undefined; noun: string }) {
  if (!page) return null;
  const count = `${page.total.toLocaleString()}${page.totalCapped ? "+" : ""}`;
  return (
    <p className="list-total" data-total={page.total}>
      {count} {page.total === 1 && !page.totalCapped ? noun : pluralOf(noun)}
    </p>
  );
}

function pluralOf(noun: string): string {
  return noun.endsWith("y") ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}
