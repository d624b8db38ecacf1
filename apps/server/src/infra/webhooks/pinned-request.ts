import { request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./webhook-target-guard";

export interface PinnedRequestOptions {
  method: "GET" | "POST";
  headers: Record<string, string>;
  signal: AbortSignal;
  body?: string;
}

/**
 * One request to the address the guard checked: an IP literal host is connected to as is, a name
 * through a lookup that only answers `target`, so DNS is never asked again. Redirects are not followed.
 */
export function pinnedRequest(
  url: URL,
  target: ResolvedAddress,
  { method, headers, signal, body }: PinnedRequestOptions,
): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const options: RequestOptions = {
    method,
    headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
    lookup: pinned,
    signal,
  };
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, options, resolve);
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
