// The gateway picks image/video/document from mime_type (or the downloaded/sniffed content type).
// The sim downloads nothing, so it falls back on the data-URL prefix or the URL's extension.

export type MediaKind = "image" | "video" | "document";

const EXTENSION_MIME: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp4: "video/mp4",
  "3gp": "video/3gpp",
  mov: "video/quicktime",
  pdf: "application/pdf",
};

function mimeFromUrl(url: string): string | undefined {
  const path = url.split(/[?#]/)[0] ?? "";
  const dot = path.lastIndexOf(".");
  return dot === -1 ? undefined : EXTENSION_MIME[path.slice(dot + 1).toLowerCase()];
}

function mimeFromDataUrl(base64: string): string | undefined {
  const match = /^data:([^;,]+)[;,]/.exec(base64);
  return match?.[1];
}

export function guessMime(mimeType: string, base64: string, url: string): string {
  if (mimeType !== "") return mimeType;
  if (base64 !== "") return mimeFromDataUrl(base64) ?? "application/octet-stream";
  return mimeFromUrl(url) ?? "application/octet-stream";
}

export function mediaKind(mime: string): MediaKind {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/")) return "video";
  return "document";
}
