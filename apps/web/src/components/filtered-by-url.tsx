import type { ComponentType } from "react";
import { useLocation } from "../router";
import { type Filters, filtersOf } from "./list-filters";

/**
 * Renders a list for the filters in the URL. Keyed by the query string, so new filters start the list
 * afresh (first page, new draft) instead of carrying over the old paging state.
 */
export function FilteredByUrl({ list: List }: { list: ComponentType<{ filters: Filters }> }) {
  const { search } = useLocation();
  return <List key={search.toString()} filters={filtersOf(search)} />;
}
