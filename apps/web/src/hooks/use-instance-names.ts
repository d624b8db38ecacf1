import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import type { Instance } from "../api/types";

function useInstances() {
  return useQuery({ queryKey: ["instances"], queryFn: endpoints.instances });
}

/** Instance names by id, for showing instances the way operators know them. */
export function useInstanceNames(): Map<string, string> {
  return new Map((useInstances().data?.items ?? []).map((i) => [i.id, i.name]));
}

/** One instance as last loaded; undefined until the list answers. */
export function useInstance(id: string): Instance | undefined {
  return useInstances().data?.items.find((i) => i.id === id);
}
