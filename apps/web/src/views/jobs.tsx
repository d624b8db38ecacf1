import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints } from "../api/endpoints";
import { loadSession } from "../api/session";
import { JOB_STATUSES, type Job, type Page } from "../api/types";
import { ActionDialog } from "../components/action-dialog";
import { Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { JobActions } from "../components/job-actions";
import {
  criteriaOf,
  type Filters,
  filtersOf,
  ListFilters,
  Pager,
  useInstanceNames,
} from "../components/list-filters";
import { formatTime, isoOfLocal, shortId } from "../format";
import { useRefetchInterval } from "../live";
import { Link, useLocation } from "../router";

function loadJobs(f: Filters, cursor: string | null): Promise<Page<Job>> {
  return endpoints.jobs({ ...criteriaOf(f), cursor, limit: 50 });
}

let bulkRetryMissing = false;

function BulkRetry({ filters }: { filters: Filters }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [, setHidden] = useState(0);
  if (bulkRetryMissing || filters.status !== "FAILED") return null;
  return (
    <div className="bulk">
      <button type="button" onClick={() => setOpen(true)}>
        Retry all FAILED matching these filters
      </button>
      {result && <span role="status">{result}</span>}
      {open && (
        <ActionDialog
          title="Retry every failed job that matches"
          description="Every FAILED job of the chosen instance and time range goes back to the queue."
          confirmLabel="Retry all"
          onClose={() => setOpen(false)}
          onRouteMissing={() => {
            bulkRetryMissing = true;
            setHidden((n) => n + 1);
          }}
          onConfirm={async (reason) => {
            const { retried } = await endpoints.bulkRetry({
              status: "FAILED",
              ...(filters.instanceId ? { instanceId: filters.instanceId } : {}),
              ...(filters.from ? { createdFrom: isoOfLocal(filters.from) } : {}),
              ...(filters.to ? { createdTo: isoOfLocal(filters.to) } : {}),
              actor: loadSession()?.actor ?? "operator",
              reason,
            });
            setResult(`${retried} job${retried === 1 ? "" : "s"} retried.`);
            await client.invalidateQueries();
          }}
        />
      )}
    </div>
  );
}

export function JobsView() {
  const { search } = useLocation();
  return <JobsTable key={search.toString()} filters={filtersOf(search)} />;
}

function JobsTable({ filters }: { filters: Filters }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const names = useInstanceNames();
  const page = useQuery({
    queryKey: ["jobs", filters, cursor],
    queryFn: () => loadJobs(filters, cursor),
    refetchInterval: useRefetchInterval(),
    placeholderData: keepPreviousData,
  });
  const rows = page.data?.items ?? [];
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      <ListFilters path="/jobs" statuses={JOB_STATUSES} filters={filters} />
      <BulkRetry filters={filters} />
      {page.isPending && <Loading />}
      {page.isError && <ErrorNotice error={page.error} title="Jobs could not be loaded" />}
      {page.data && rows.length === 0 && <Empty>No jobs match these filters.</Empty>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="list" aria-label="jobs">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Created</th>
                <th scope="col">Recipient</th>
                <th scope="col">Instance</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <tr key={job.id} data-id={job.id} data-intent-id={job.intentId}>
                  <td>
                    <Link to={`/intents/${job.intentId}`}>
                      <code>{shortId(job.id)}</code>
                    </Link>
                  </td>
                  <td>{formatTime(job.createdAt)}</td>
                  <td>{job.recipient}</td>
                  <td>{names.get(job.instanceId) ?? shortId(job.instanceId)}</td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td className="num">
                    {job.attempts}/{job.maxAttempts}
                  </td>
                  <td>
                    {job.lastError ? <code title={job.lastError.message}>{job.lastError.code}</code> : "—"}
                  </td>
                  <td>
                    <JobActions job={job} />
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
