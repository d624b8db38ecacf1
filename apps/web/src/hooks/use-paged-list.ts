import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { Page } from "../api/types";
import type { Filters } from "../components/list-filters";
import { useRefetchInterval } from "../live";
import { navigate, useLocation } from "../router";

/** URL parameter of the page position: the cursor the current page starts after. */
const AFTER = "after";

/** History entries made by "Older": "Newer" goes back through them, so Back and Newer agree. */
interface PagedState {
  paged: true;
}

function urlAfter(path: string, search: URLSearchParams, cursor: string | null): string {
  const params = new URLSearchParams(search);
  if (cursor) params.set(AFTER, cursor);
  else params.delete(AFTER);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * One page of a filtered, cursor-paged list, refreshed live. The page position is in the URL
 * (`after=<cursor>`), so a reload or a shared link opens the same page.
 */
export function usePagedList<T>(
  name: string,
  filters: Filters,
  load: (filters: Filters, cursor: string | null) => Promise<Page<T>>,
) {
  const { path, search } = useLocation();
  const cursor = search.get(AFTER);
  const page = useQuery({
    queryKey: [name, filters, cursor],
    queryFn: () => load(filters, cursor),
    refetchInterval: useRefetchInterval(),
    placeholderData: keepPreviousData,
  });
  const nextCursor = page.data?.nextCursor ?? null;
  const cameByOlder = (window.history.state as PagedState | null)?.paged === true;
  return {
    page,
    rows: page.data?.items ?? [],
    pager: {
      hasNewer: cursor !== null,
      nextCursor,
      // Without the entry that led here (a reload, a shared link), newer means the first page.
      onNewer: () => (cameByOlder ? window.history.back() : navigate(urlAfter(path, search, null))),
      onOlder: () => navigate(urlAfter(path, search, nextCursor), { paged: true } satisfies PagedState),
    },
  };
}
