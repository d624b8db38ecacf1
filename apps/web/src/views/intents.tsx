import { endpoints } from "../api/endpoints";
import { INTENT_STATUSES, type Intent, type Page } from "../api/types";
import { Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { Delivery } from "../components/delivery";
import { ExportCsv } from "../components/export-csv";
import { FilteredByUrl } from "../components/filtered-by-url";
import { criteriaOf, type Filters, ListFilters } from "../components/list-filters";
import { ListTable } from "../components/list-table";
import { ListTotal } from "../components/list-total";
import { Pager } from "../components/pager";
import { formatTime, shortId } from "../format";
import { useInstanceNames } from "../hooks/use-instance-names";
import { usePagedList } from "../hooks/use-paged-list";
import { messageSummary } from "../message-summary";
import { Link } from "../router";

function loadIntents(f: Filters, cursor: string | null): Promise<Page<Intent>> {
  return endpoints.intents({ ...criteriaOf(f), cursor, limit: 50 });
}

const COLUMNS = ["Intent", "Created", "Recipient", "Message", "Purpose", "Instance", "Status"];

export function IntentsView() {
  return <FilteredByUrl list={IntentsTable} />;
}

function IntentsTable({ filters }: { filters: Filters }) {
  const names = useInstanceNames();
  const { page, rows, pager } = usePagedList("intents", filters, loadIntents);
  return (
    <section aria-labelledby="intents-title">
      <h1 id="intents-title">Intents</h1>
      <ListFilters path="/intents" statuses={INTENT_STATUSES} filters={filters} />
      <ListTotal page={page.data} noun="intent" />
      <ExportCsv
        name="intents"
        header={[
          "id",
          "createdAt",
          "recipient",
          "type",
          "message",
          "purpose",
          "status",
          "deliveredAt",
          "readAt",
        ]}
        load={(cursor, limit) => endpoints.intents({ ...criteriaOf(filters), cursor, limit })}
        row={(intent: Intent) => [
          intent.id,
          intent.createdAt,
          intent.target.value,
          intent.type,
          messageSummary(intent),
          intent.purpose,
          intent.status,
          intent.deliveredAt,
          intent.readAt,
        ]}
      />
      {page.isPending && <Loading />}
      {page.isError && !page.data && <ErrorNotice error={page.error} title="Intents could not be loaded" />}
      {page.data && rows.length === 0 && (
        <Empty>
          No intents match. <Link to="/send">Send a test message</Link>.
        </Empty>
      )}
      {rows.length > 0 && (
        <ListTable label="intents" columns={COLUMNS}>
          {rows.map((intent) => (
            <tr key={intent.id} data-id={intent.id}>
              <td data-label="Intent">
                <Link to={`/intents/${intent.id}`}>
                  <code>{shortId(intent.id)}</code>
                </Link>
              </td>
              <td data-label="Created">{formatTime(intent.createdAt)}</td>
              <td data-label="Recipient">{intent.target.value}</td>
              <td data-label="Message" className="message-cell" title={intent.type}>
                {messageSummary(intent)}
              </td>
              <td data-label="Purpose">{intent.purpose}</td>
              <td data-label="Instance">
                {intent.decidedByInstanceId ? (names.get(intent.decidedByInstanceId) ?? "—") : "—"}
              </td>
              <td data-label="Status">
                <StatusBadge status={intent.status} /> <Delivery intent={intent} />
                {intent.sendAt && intent.status !== "SENT" && (
                  <span className="muted"> scheduled for {formatTime(intent.sendAt)}</span>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager {...pager} />
    </section>
  );
}
