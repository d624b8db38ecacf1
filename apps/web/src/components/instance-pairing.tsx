import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { endpoints } from "../api/endpoints";
import type { Instance } from "../api/types";
import { ErrorNotice } from "./common";

/**
 * Each fetch of the QR also asks the gateway whether the number is paired now, so polling it both
 * refreshes the code (WhatsApp rotates it) and notices the scan, with or without live events.
 */
const QR_POLL_MS = 5_000;

const isPaired = (error: unknown) => error instanceof ApiError && error.code === "INSTANCE_ALREADY_CONNECTED";

/** "Pair": the gateway's QR to scan in WhatsApp (Linked devices), until the number connects. */
export function InstancePairing({ instance }: { instance: Instance }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const qr = useQuery({
    queryKey: ["qr", instance.id],
    queryFn: () => endpoints.instanceQr(instance.id),
    enabled: open,
    retry: false,
    gcTime: 0,
    // Stops once the answer is an error: paired (nothing more to show) or a refusal to read.
    refetchInterval: (query) => (query.state.error ? false : QR_POLL_MS),
  });
  const paired = open && (isPaired(qr.error) || instance.status === "connected");
  useEffect(() => {
    if (paired) void client.invalidateQueries({ queryKey: ["instances"] });
  }, [paired, client]);

  if (!open) {
    if (instance.status === "connected") return null;
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Pair (show QR)
      </button>
    );
  }
  if (paired) {
    return (
      <p className="notice" role="status">
        Paired: the number is connected.
      </p>
    );
  }
  return (
    <div className="pairing">
      {qr.data && (
        <>
          <img src={qr.data.qr} alt={`QR code to pair ${instance.name}`} width={220} height={220} />
          <p className="hint">
            Scan it in WhatsApp → Settings → Linked devices. It refreshes every few seconds; this page updates
            when the number connects.
          </p>
        </>
      )}
      {qr.isFetching && !qr.data && <p className="hint">Asking the gateway for a QR…</p>}
      {qr.isError && <ErrorNotice error={qr.error} title="No QR" />}
      <div className="filter-buttons">
        <button type="button" className="secondary" onClick={() => void qr.refetch()}>
          Refresh QR
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Hide QR
        </button>
      </div>
    </div>
  );
}
