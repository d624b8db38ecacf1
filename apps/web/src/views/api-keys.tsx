import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { endpoints } from "../api/endpoints";
import type { ApiKey } from "../api/types";
import { ActionDialog } from "../components/action-dialog";
import { Card, Empty, ErrorNotice, Loading } from "../components/common";
import { ListTable } from "../components/list-table";
import { formatTime } from "../format";

/** Creates a key; its secret is shown here once and never again. */
function CreateApiKey() {
  const client = useQueryClient();
  const [label, setLabel] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await endpoints.createApiKey(label.trim());
      setSecret(created.secret);
      setLabel("");
      await client.invalidateQueries({ queryKey: ["api-keys"] });
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Card title="Create a key">
      <form onSubmit={submit} className="inline-form">
        <label>
          What it is for
          <input
            name="label"
            required
            maxLength={100}
            placeholder="CRM integration"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button type="submit">Create key</button>
      </form>
      {error !== null && <ErrorNotice error={error} title="The key was not created" />}
      {secret && (
        <div className="notice notice-warn" role="status">
          <strong>API key, shown only now:</strong> <code data-testid="api-key-secret">{secret}</code>. Store
          it where the caller keeps secrets (send it as <code>Authorization: Bearer …</code>); only its hash
          is kept, so it cannot be shown again.
        </div>
      )}
    </Card>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const client = useQueryClient();
  const [revoking, setRevoking] = useState(false);
  return (
    <tr data-id={apiKey.id}>
      <td data-label="Label">
        {apiKey.label}
        {apiKey.current && <span className="muted"> (this session)</span>}
      </td>
      <td data-label="Key">
        <code>{apiKey.prefix}…</code>
      </td>
      <td data-label="Created">{formatTime(apiKey.createdAt)}</td>
      <td data-label="Last used">{formatTime(apiKey.lastUsedAt)}</td>
      <td data-label="State">{apiKey.revokedAt ? `revoked ${formatTime(apiKey.revokedAt)}` : "active"}</td>
      <td data-label="Actions">
        {!apiKey.revokedAt && (
          <button type="button" className="small danger" onClick={() => setRevoking(true)}>
            Revoke
          </button>
        )}
        {revoking && (
          <ActionDialog
            title={`Revoke the key “${apiKey.label}”`}
            description={
              apiKey.current
                ? "This is the key this dashboard signed in with: you will be signed out at once."
                : "Every caller using it is refused from now on. This cannot be undone."
            }
            confirmLabel="Revoke key"
            danger
            onClose={() => setRevoking(false)}
            onConfirm={async () => {
              await endpoints.revokeApiKey(apiKey.id);
              await client.invalidateQueries({ queryKey: ["api-keys"] });
            }}
          />
        )}
      </td>
    </tr>
  );
}

/** The organization's API keys: create one (secret shown once), see each by its prefix, revoke. */
export function ApiKeysView() {
  const list = useQuery({ queryKey: ["api-keys"], queryFn: endpoints.apiKeys });
  return (
    <section aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">API keys</h1>
      <CreateApiKey />
      {!list.data && (list.isError ? <ErrorNotice error={list.error} /> : <Loading />)}
      {list.data?.items.length === 0 && <Empty>No keys.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <ListTable label="API keys" columns={["Label", "Key", "Created", "Last used", "State", "Actions"]}>
          {list.data.items.map((apiKey) => (
            <KeyRow key={apiKey.id} apiKey={apiKey} />
          ))}
        </ListTable>
      )}
    </section>
  );
}
