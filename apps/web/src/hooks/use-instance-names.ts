import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import type { Instance } from "../api/types";

function useInstances() {
  return useQuery({ queryKey: ["instances"], queryFn: endpoints.instances });
}

/** Instance names by id, deleted ones included: the messages sent through them still name them. */
export function useInstanceNames(): Map<string, string> {
  const all = useQuery({ queryKey: ["instances", "with-deleted"], queryFn: endpoints.instancesWithDeleted });
  return new Map((all.data?.items ?? []).map((i) => [i.id, i.deletedAt ? `${i.name} (deleted)` : i.name]));
}

/** One instance as last loaded; undefined until the list answers. */
export function useInstance(id: string): Instance | undefined {
  return useInstances().data?.items.find((i) => i.id === id);
}
