import { useQuery } from "@tanstack/react-query";
import { endpoints } from "../api/endpoints";
import { useRefetchInterval } from "../live";

/** On every page: while the organization is paused nothing is sent, whatever the page shows. */
export function OrganizationPausedBanner() {
  const instances = useQuery({
    queryKey: ["instances"],
    queryFn: endpoints.instances,
    refetchInterval: useRefetchInterval(),
  });
  if (!instances.data?.organizationPaused) return null;
  return (
    <div className="notice notice-warn banner" role="status">
      <strong>Sending is paused</strong> for the whole organization: jobs wait and spend no attempt.
    </div>
  );
}
