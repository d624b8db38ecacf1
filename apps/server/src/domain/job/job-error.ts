/** Why an attempt did not end SENT: a stable code (e.g. `HTTP_500`, `INVALID_RECIPIENT`) and a human message. */
export interface JobError {
  code: string;
  message: string;
}

/** The code of an attempt whose worker lost its lease: recovery took the job over. */
export const LEASE_EXPIRED = "LEASE_EXPIRED";

/** Recovery's error: the claim ran out, and since a claim is sent at once, the message may have left. */
export const LEASE_EXPIRED_AFTER_CLAIM: JobError = {
  code: LEASE_EXPIRED,
  message: "the worker's lease ran out after its claim; the message may have been sent",
};

/** A claim given back by its holder, which never started the request (shutdown). */
export const RELEASED: JobError = { code: "RELEASED", message: "the worker stopped before the request left" };
