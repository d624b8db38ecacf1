import type { IncomingMessage } from "node:http";
import type { SendOutcome } from "../../../application/ports/whatsapp-provider-port";
import type { Config } from "../../config/config";
import { pinnedRequest } from "../../webhooks/pinned-request";
import { readAtMost } from "../../webhooks/read-at-most";
import {
  type LookupAddresses,
  type WebhookTargetGuard,
  WebhookTargetRefused,
  webhookTargetGuardOf,
} from "../../webhooks/webhook-target-guard";
import { permanent, retryable } from "../send-outcomes";
import { acceptsContentType, type MediaKind } from "./media-kind";

export interface MediaFetchSettings {
  /** MEDIA_FETCH_MAX_BYTES: a larger file is refused before (or while) it is read. */
  maxBytes: number;
  /** MEDIA_FETCH_TIMEOUT_MS: for the whole fetch, redirects and body included. */
  timeoutMs: number;
}

export type FetchedMedia =
  | { kind: "fetched"; contentType: string; bytes: Buffer }
  /** Nothing was sent: the outcome the send ends in (4xx and refusals FAILED; 5xx, timeouts retried). */
  | { kind: "failed"; outcome: SendOutcome };

/** CDNs and storage links redirect; a longer chain is more likely a loop than a file. */
const MAX_REDIRECTS = 3;
const MAX_ERROR_BODY = 120;

class TooLarge extends Error {}

/**
 * Downloads an intent's media for gateways that take only the bytes (wuzapi). Every hop goes through
 * the outbound webhooks' SSRF guard and to the address it checked, so a tenant's URL can no more
 * reach our private network than its webhook endpoint can. Messages name the host and path only: a
 * signed URL's query is a credential.
 */
export class MediaFetcher {
  constructor(
    private readonly guard: WebhookTargetGuard,
    private readonly settings: MediaFetchSettings,
  ) {}

  async fetch(rawUrl: string, kind: MediaKind): Promise<FetchedMedia> {
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return failed(permanent("MEDIA_URL_INVALID", "the media URL does not parse"));
    }
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (url.protocol !== "http:" && url.protocol !== "https:")
          return failed(
            permanent("MEDIA_URL_INVALID", `media URLs must be http or https, not ${url.protocol}`),
          );
        const target = await this.guard.resolve(url);
        const response = await pinnedRequest(url, target, {
          method: "GET",
          headers: { "user-agent": "WhatLead-Media/1", accept: "*/*" },
          signal,
        });
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
          response.destroy();
          url = new URL(location, url);
          continue;
        }
        return await this.read(response, url, kind);
      }
      return failed(
        permanent("MEDIA_FETCH_FAILED", `more than ${MAX_REDIRECTS} redirects from ${where(url)}`),
      );
    } catch (error) {
      return failed(this.failure(error, url, signal));
    }
  }

  private async read(response: IncomingMessage, url: URL, kind: MediaKind): Promise<FetchedMedia> {
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      const text = (await readAtMost(response, MAX_ERROR_BODY)).trim();
      const message = `media host answered HTTP ${status} for ${where(url)}${text ? `: ${text}` : ""}`;
      // A host that refuses now will refuse again; one that failed or asks us to slow down may not.
      const again = status >= 500 || status === 408 || status === 429;
      return failed(
        again ? retryable("MEDIA_HOST_ERROR", message) : permanent("MEDIA_NOT_AVAILABLE", message),
      );
    }
    const contentType = (response.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!acceptsContentType(kind, contentType)) {
      response.destroy();
      return failed(
        permanent("MEDIA_TYPE_MISMATCH", `${where(url)} is ${contentType || "untyped"}, not ${kind} content`),
      );
    }
    const declared = Number(response.headers["content-length"]);
    if (declared > this.settings.maxBytes) {
      response.destroy();
      throw new TooLarge();
    }
    return { kind: "fetched", contentType, bytes: await this.body(response) };
  }

  private async body(response: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size > this.settings.maxBytes) {
        response.destroy();
        throw new TooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private failure(error: unknown, url: URL, signal: AbortSignal): SendOutcome {
    if (error instanceof TooLarge)
      return permanent(
        "MEDIA_TOO_LARGE",
        `${where(url)} is larger than MEDIA_FETCH_MAX_BYTES (${this.settings.maxBytes} bytes)`,
      );
    if (error instanceof WebhookTargetRefused) return permanent("MEDIA_URL_REFUSED", error.message);
    if (signal.aborted)
      return retryable(
        "MEDIA_FETCH_TIMEOUT",
        `${where(url)} not fetched within ${this.settings.timeoutMs} ms`,
      );
    const code = (error as { code?: unknown } | null)?.code;
    const reason = typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
    return retryable("MEDIA_FETCH_FAILED", `${where(url)} not fetched: ${reason}`);
  }
}

function failed(outcome: SendOutcome): FetchedMedia {
  return { kind: "failed", outcome };
}

/** The URL without its query and credentials, which may be secrets. */
function where(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** The fetcher the settings ask for, behind the outbound webhooks' guard. */
export function mediaFetcherOf(
  config: Pick<
    Config,
    | "WEBHOOK_ALLOW_PRIVATE_NETWORKS"
    | "WEBHOOK_ALLOWED_HOSTS"
    | "MEDIA_FETCH_MAX_BYTES"
    | "MEDIA_FETCH_TIMEOUT_MS"
  >,
  lookup?: LookupAddresses,
): MediaFetcher {
  return new MediaFetcher(webhookTargetGuardOf(config, lookup), {
    maxBytes: config.MEDIA_FETCH_MAX_BYTES,
    timeoutMs: config.MEDIA_FETCH_TIMEOUT_MS,
  });
}
