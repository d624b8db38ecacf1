import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";

/** Instance names by id, for showing instances the way operators know them. */
export function useInstanceNames(): Map<string, string> {
  const instances = useQuery({ queryKey: ["instances"], queryFn: endpoints.instances });
  return new Map((instances.data?.items ?? []).map((i) => [i.id, i.name]));
}
