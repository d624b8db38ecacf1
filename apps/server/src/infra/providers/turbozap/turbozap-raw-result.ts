import type { HttpRawResult } from "../http/http-raw-result";
import type { TurboZapEnvelope } from "./turbozap-envelope";

/** What one TurboZap call came to on the wire; the body is the gateway's envelope when readable. */
export type TurboZapRawResult = HttpRawResult<TurboZapEnvelope>;
