import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { endpoints } from "../api/endpoints";
import { loadSession } from "../api/session";
import { JOB_STATUSES, type Job, type JobListItem, type Page } from "../api/types";
import { ActionDialog } from "../components/action-dialog";
import { Empty, ErrorNotice, Loading, StatusBadge } from "../components/common";
import { Delivery } from "../components/delivery";
import { ExportCsv } from "../components/export-csv";
import { FilteredByUrl } from "../components/filtered-by-url";
import { JobActions } from "../components/job-actions";
import { criteriaOf, type Filters, ListFilters } from "../components/list-filters";
import { ListTable } from "../components/list-table";
import { ListTotal } from "../components/list-total";
import { Pager } from "../components/pager";
import { currentError } from "../current-error";
import { formatTime, isoOfLocal, shortId } from "../format";
import { useInstanceNames } from "../hooks/use-instance-names";
import { usePagedList } from "../hooks/use-paged-list";
import { messageSummary } from "../message-summary";
import { Link } from "../router";

function loadJobs(f: Filters, cursor: string | null): Promise<Page<JobListItem>> {
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

function LastError({ job }: { job: Job }) {
  const error = currentError(job);
  return error ? <code title={error.message}>{error.code}</code> : "—";
}

const COLUMNS = [
  "Job",
  "Created",
  "Recipient",
  "Message",
  "Instance",
  "Status",
  "Attempts",
  "Last error",
  "Actions",
];

export function JobsView() {
  return <FilteredByUrl list={JobsTable} />;
}

function JobsTable({ filters }: { filters: Filters }) {
  const names = useInstanceNames();
  const { page, rows, pager } = usePagedList("jobs", filters, loadJobs);
  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      <ListFilters path="/jobs" statuses={JOB_STATUSES} filters={filters} />
      <ListTotal page={page.data} noun="job" />
      <BulkRetry filters={filters} />
      <ExportCsv
        name="jobs"
        header={[
          "id",
          "intentId",
          "createdAt",
          "recipient",
          "message",
          "instance",
          "status",
          "attempts",
          "lastError",
          "deliveredAt",
          "readAt",
        ]}
        load={(cursor, limit) => endpoints.jobs({ ...criteriaOf(filters), cursor, limit })}
        row={(job: JobListItem) => [
          job.id,
          job.intentId,
          job.createdAt,
          job.recipient,
          job.message ? messageSummary(job.message) : "",
          names.get(job.instanceId) ?? job.instanceId,
          job.status,
          job.attempts,
          currentError(job)?.code ?? "",
          job.message?.deliveredAt ?? null,
          job.message?.readAt ?? null,
        ]}
      />
      {page.isPending && <Loading />}
      {page.isError && !page.data && <ErrorNotice error={page.error} title="Jobs could not be loaded" />}
      {page.data && rows.length === 0 && <Empty>No jobs match these filters.</Empty>}
      {rows.length > 0 && (
        <ListTable label="jobs" columns={COLUMNS}>
          {rows.map((job) => (
            <tr key={job.id} data-id={job.id} data-intent-id={job.intentId}>
              <td data-label="Job">
                <Link to={`/intents/${job.intentId}`}>
                  <code>{shortId(job.id)}</code>
                </Link>
              </td>
              <td data-label="Created">{formatTime(job.createdAt)}</td>
              <td data-label="Recipient">{job.recipient}</td>
              <td data-label="Message" className="message-cell" title={job.message?.type}>
                {job.message ? messageSummary(job.message) : "—"}
              </td>
              <td data-label="Instance">{names.get(job.instanceId) ?? shortId(job.instanceId)}</td>
              <td data-label="Status">
                <StatusBadge status={job.status} />{" "}
                {job.message && <Delivery intent={{ ...job.message, status: job.status }} />}
              </td>
              <td data-label="Attempts" className="num">
                {job.attempts}/{job.maxAttempts}
              </td>
              <td data-label="Last error">
                <LastError job={job} />
              </td>
              <td data-label="Actions">
                <JobActions job={job} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager {...pager} />
    </section>
  );
}
