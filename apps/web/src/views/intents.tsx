import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "../api/client";
import { endpoints } from "../api/endpoints";
import { INTENT_STATUSES, type Intent, type Page } from "../api/types";
import { Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { type Filters, filtersOf, ListFilters, Pager, useInstanceNames } from "../components/list-filters";
import { formatTime, isoOfLocal, isUuid, shortId } from "../format";
import { useRefetchInterval } from "../live";
import { Link, useLocation } from "../router";

/**
 * Filters the server may not apply (it ignores query parameters it does not know) are applied again
 * here to the loaded page, so the table never shows a row the filters exclude.
 */
function matches(intent: Intent, f: Filters): boolean {
  const from = isoOfLocal(f.from);
  const to = isoOfLocal(f.to);
  const q = f.q.trim().toLowerCase();
  return (
    (!f.status || intent.status === f.status) &&
    (!f.instanceId || intent.decidedByInstanceId === f.instanceId) &&
    (!f.purpose || intent.purpose === f.purpose) &&
    (!from || intent.createdAt >= from) &&
    (!to || intent.createdAt <= to) &&
    (!q || intent.id.startsWith(q) || intent.target.value.toLowerCase().includes(q))
  );
}

async function loadIntents(f: Filters, cursor: string | null): Promise<Page<Intent>> {
  if (isUuid(f.q)) {
    try {
      const details: Intent = await endpoints.intent(f.q.trim());
      return { items: [details], nextCursor: null };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { items: [], nextCursor: null };
      throw error;
    }
  }
  return endpoints.intents({
    status: f.status,
    instanceId: f.instanceId,
    purpose: f.purpose,
    createdFrom: isoOfLocal(f.from),
    createdTo: isoOfLocal(f.to),
    q: f.q.trim(),
    cursor,
    limit: 50,
  });
}

export function IntentsView() {
  const { search } = useLocation();
  const filters = filtersOf(search);
  const key = search.toString();
  return <IntentsTable key={key} filters={filters} />;
}

function IntentsTable({ filters }: { filters: Filters }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const names = useInstanceNames();
  const page = useQuery({
    queryKey: ["intents", filters, cursor],
    queryFn: () => loadIntents(filters, cursor),
    refetchInterval: useRefetchInterval(),
    placeholderData: keepPreviousData,
  });
  const rows = page.data?.items.filter((intent) => matches(intent, filters)) ?? [];
  return (
    <section aria-labelledby="intents-title">
      <h1 id="intents-title">Intents</h1>
      <ListFilters path="/intents" statuses={INTENT_STATUSES} filters={filters} purpose />
      {page.isPending && <Loading />}
      {page.isError && <ErrorNotice error={page.error} title="Intents could not be loaded" />}
      {page.data && rows.length === 0 && (
        <Empty>
          No intents match. <Link to="/send">Send a test message</Link>.
        </Empty>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="list" aria-label="intents">
            <thead>
              <tr>
                <th scope="col">Intent</th>
                <th scope="col">Created</th>
                <th scope="col">Recipient</th>
                <th scope="col">Type</th>
                <th scope="col">Purpose</th>
                <th scope="col">Instance</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((intent) => (
                <tr key={intent.id} data-id={intent.id}>
                  <td>
                    <Link to={`/intents/${intent.id}`}>
                      <code>{shortId(intent.id)}</code>
                    </Link>
                  </td>
                  <td>{formatTime(intent.createdAt)}</td>
                  <td>{intent.target.value}</td>
                  <td>{intent.type}</td>
                  <td>{intent.purpose}</td>
                  <td>{intent.decidedByInstanceId ? (names.get(intent.decidedByInstanceId) ?? "—") : "—"}</td>
                  <td>
                    <StatusBadge status={intent.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        hasNewer={cursors.length > 1}
        nextCursor={page.data?.nextCursor ?? null}
        onNewer={() => setCursors((c) => c.slice(0, -1))}
        onOlder={() => setCursors((c) => [...c, page.data?.nextCursor ?? null])}
      />
    </section>
  );
}
