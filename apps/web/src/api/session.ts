/** The operator's API key and name, kept for this browser tab only (sessionStorage). */
const KEY = "whatlead.apiKey";
const ACTOR = "whatlead.actor";

export interface Session {
  apiKey: string;
  actor: string;
}

export function loadSession(): Session | null {
  const apiKey = sessionStorage.getItem(KEY);
  if (!apiKey) return null;
  return { apiKey, actor: sessionStorage.getItem(ACTOR) || "operator" };
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, session.apiKey);
  sessionStorage.setItem(ACTOR, session.actor);
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(ACTOR);
}
