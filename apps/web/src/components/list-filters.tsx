import { type FormEvent, useState } from "react";
import type { ListFilter } from "../api/endpoints";
import { DELIVERY_STATES, PURPOSES } from "../api/types";
import { isoOfLocal } from "../format";
import { useInstanceNames } from "../hooks/use-instance-names";
import { navigate } from "../router";
import { AnyOfSelect, named } from "./any-of-select";

export interface Filters {
  status: string;
  instanceId: string;
  purpose: string;
  from: string;
  to: string;
  q: string;
  delivery: string;
  noReceiptAfterMinutes: string;
}

const NAMES: (keyof Filters)[] = [
  "status",
  "instanceId",
  "purpose",
  "from",
  "to",
  "q",
  "delivery",
  "noReceiptAfterMinutes",
];

const DELIVERY_LABELS: Record<(typeof DELIVERY_STATES)[number], string> = {
  delivered: "delivered",
  read: "read",
  "no-receipt": "no receipt after N min",
  "not-yet": "sent, no receipt yet",
};

export function filtersOf(search: URLSearchParams): Filters {
  return Object.fromEntries(NAMES.map((name) => [name, search.get(name) ?? ""])) as unknown as Filters;
}

export function searchOf(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of NAMES) if (filters[name]) params.set(name, filters[name]);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The filters as the list endpoints take them. */
export function criteriaOf(f: Filters): ListFilter {
  return {
    status: f.status,
    instanceId: f.instanceId,
    purpose: f.purpose,
    createdFrom: isoOfLocal(f.from),
    createdTo: isoOfLocal(f.to),
    q: f.q.trim(),
    delivery: f.delivery,
    noReceiptAfterMinutes: f.delivery ? f.noReceiptAfterMinutes : "",
  };
}

/** Filters live in the URL, so a filtered view can be linked to and survives a reload. */
export function ListFilters(props: { path: string; statuses: readonly string[]; filters: Filters }) {
  const [draft, setDraft] = useState(props.filters);
  const names = useInstanceNames();
  const set = (name: keyof Filters) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [name]: event.target.value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(props.path + searchOf(draft));
  };
  const clear = () => {
    const empty = filtersOf(new URLSearchParams());
    setDraft(empty);
    navigate(props.path);
  };
  return (
    <form className="filters" onSubmit={apply} aria-label="filters">
      <AnyOfSelect
        label="Status"
        name="status"
        value={draft.status}
        onChange={set("status")}
        options={named(props.statuses)}
      />
      <AnyOfSelect
        label="Instance"
        name="instanceId"
        value={draft.instanceId}
        onChange={set("instanceId")}
        options={[...names]}
      />
      <AnyOfSelect
        label="Purpose"
        name="purpose"
        value={draft.purpose}
        onChange={set("purpose")}
        options={named(PURPOSES)}
      />
      <AnyOfSelect
        label="Delivery"
        name="delivery"
        value={draft.delivery}
        onChange={set("delivery")}
        options={DELIVERY_STATES.map((state) => [state, DELIVERY_LABELS[state]] as const)}
      />
      <label>
        No receipt after (min)
        <input
          type="number"
          name="noReceiptAfterMinutes"
          min={1}
          placeholder="10"
          value={draft.noReceiptAfterMinutes}
          onChange={set("noReceiptAfterMinutes")}
        />
      </label>
      <label>
        From
        <input type="datetime-local" name="from" value={draft.from} onChange={set("from")} />
      </label>
      <label>
        To
        <input type="datetime-local" name="to" value={draft.to} onChange={set("to")} />
      </label>
      <label className="search">
        Search
        <input type="search" name="q" placeholder="recipient or id" value={draft.q} onChange={set("q")} />
      </label>
      <div className="filter-buttons">
        <button type="submit">Apply</button>
        <button type="button" className="secondary" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
