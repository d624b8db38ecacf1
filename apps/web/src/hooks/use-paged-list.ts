import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Page } from "../api/types";
import type { Filters } from "../components/list-filters";
import { useRefetchInterval } from "../live";

/**
 * One page of a filtered, cursor-paged list, refreshed live. Paging keeps a stack of the cursors that
 * led to the current page, so "newer" can step back without the server paging backwards.
 */
export function usePagedList<T>(
  name: string,
  filters: Filters,
  load: (filters: Filters, cursor: string | null) => Promise<Page<T>>,
) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const page = useQuery({
    queryKey: [name, filters, cursor],
    queryFn: () => load(filters, cursor),
    refetchInterval: useRefetchInterval(),
    placeholderData: keepPreviousData,
  });
  const nextCursor = page.data?.nextCursor ?? null;
  return {
    page,
    rows: page.data?.items ?? [],
    pager: {
      hasNewer: cursors.length > 1,
      nextCursor,
      onNewer: () => setCursors((c) => c.slice(0, -1)),
      onOlder: () => setCursors((c) => [...c, nextCursor]),
    },
  };
}
