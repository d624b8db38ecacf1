import type { ComponentType } from "react";
import { useLocation } from "../router";
import { type Filters, filtersOf, searchOf } from "./list-filters";

/**
 * Renders a list for the filters in the URL. Keyed by the filters (not the page position), so new
 * filters start the list afresh (new draft) while paging keeps it.
 */
export function FilteredByUrl({ list: List }: { list: ComponentType<{ filters: Filters }> }) {
  const { search } = useLocation();
  const filters = filtersOf(search);
  return <List key={searchOf(filters)} filters={filters} />;
}
