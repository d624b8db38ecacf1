import { randomBytes } from "node:crypto";

// A real 1×1 PNG: clients that decode the data URL get a valid image, nothing more is needed.
const TINY_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export interface QrCode {
  qr_code: string;
  code: string;
}

/** Same shape as whatsmeow's pairing payload: "2@" then comma-separated base64 parts. */
export function newQrCode(): QrCode {
  const parts = [randomBytes(24), randomBytes(32), randomBytes(32), randomBytes(16)].map((b) =>
    b.toString("base64"),
  );
  return { qr_code: `data:image/png;base64,${TINY_PNG_BASE64}`, code: `2@${parts.join(",")}` };
}
