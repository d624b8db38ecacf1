/** What a gateway sends the bytes as; each takes its own content types. */
export type MediaKind = "image" | "video" | "audio" | "document";

/** Types a host serves for any file: no evidence either way. */
const GENERIC = new Set(["", "application/octet-stream", "binary/octet-stream"]);

/**
 * Whether a served content type may be sent as `kind`. The check catches what a URL most often
 * returns instead of the file (an HTML error or login page with status 200) and a file of another
 * kind; a host that does not say what it serves is trusted.
 */
export function acceptsContentType(kind: MediaKind, contentType: string): boolean {
  if (kind === "document") return contentType !== "text/html";
  if (GENERIC.has(contentType)) return true;
  if (kind === "audio" && contentType === "application/ogg") return true;
  return contentType.startsWith(`${kind}/`);
}

/** The kind a media intent goes as, from its declared MIME type: anything unnamed is a document. */
export function mediaKindOf(mimeType: string): MediaKind {
  const family = mimeType.split("/")[0]?.toLowerCase();
  return family === "image" || family === "video" || family === "audio" ? family : "document";
}
