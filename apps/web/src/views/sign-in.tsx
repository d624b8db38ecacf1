import { type FormEvent, useState } from "react";
import { type Session, saveSession } from "../api/session";

/** The API key is kept in this tab's sessionStorage and sent as `Authorization: Bearer`. */
export function SignInView({
  onSignedIn,
  expired,
}: {
  onSignedIn(session: Session): void;
  expired: boolean;
}) {
  const [apiKey, setApiKey] = useState("");
  const [actor, setActor] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const session = { apiKey: apiKey.trim(), actor: actor.trim() || "operator" };
    saveSession(session);
    onSignedIn(session);
  };
  return (
    <main className="sign-in">
      <form className="card stack" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">WhatLead Executor</h1>
        {expired && (
          <p className="notice notice-error" role="alert">
            The server refused this API key. Sign in again.
          </p>
        )}
        <label>
          API key
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            required
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
          />
        </label>
        <label>
          Your name (recorded on operator actions)
          <input
            name="actor"
            value={actor}
            placeholder="operator"
            onChange={(e) => setActor(e.target.value)}
          />
        </label>
        <button type="submit">Sign in</button>
        <p className="muted">The key stays in this browser tab only and is forgotten when the tab closes.</p>
      </form>
    </main>
  );
}
