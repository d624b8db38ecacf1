import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints } from "../api/endpoints";
import { INTENT_STATUSES, type Intent, type Page } from "../api/types";
import { Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import {
  criteriaOf,
  type Filters,
  filtersOf,
  ListFilters,
  Pager,
  useInstanceNames,
} from "../components/list-filters";
import { formatTime, shortId } from "../format";
import { useRefetchInterval } from "../live";
import { Link, useLocation } from "../router";

function loadIntents(f: Filters, cursor: string | null): Promise<Page<Intent>> {
  return endpoints.intents({ ...criteriaOf(f), cursor, limit: 50 });
}

export function IntentsView() {
  const { search } = useLocation();
  return <IntentsTable key={search.toString()} filters={filtersOf(search)} />;
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
  const rows = page.data?.items ?? [];
  return (
    <section aria-labelledby="intents-title">
      <h1 id="intents-title">Intents</h1>
      <ListFilters path="/intents" statuses={INTENT_STATUSES} filters={filters} />
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
