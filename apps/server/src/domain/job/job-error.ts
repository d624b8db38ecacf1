/** Why an attempt did not end SENT: a stable code (e.g. `HTTP_500`, `INVALID_RECIPIENT`) and a human message. */
export interface JobError {
  code: string;
  message: string;
}

/** The code of an attempt whose worker lost its lease: recovery took the job over. */
export const LEASE_EXPIRED = "LEASE_EXPIRED";

/** Recovery's error for a claim handed to the gateway: the request may have left. */
export const LEASE_EXPIRED_AFTER_DISPATCH: JobError = {
  code: LEASE_EXPIRED,
  message: "the worker's lease ran out after it handed the message to the gateway; it may have been sent",
};

/** Recovery's error for a claim whose request never left (its worker died before handing it over). */
export const LEASE_EXPIRED_BEFORE_DISPATCH: JobError = {
  code: LEASE_EXPIRED,
  message: "the worker's lease ran out before it handed the message to the gateway; sent again",
};

/** A claim given back by its holder, which never started the request (shutdown). */
export const RELEASED: JobError = { code: "RELEASED", message: "the worker stopped before the request left" };

/** The gateway reported the number logged out: held until it is paired again. */
export const LOGGED_OUT: JobError = {
  code: "LOGGED_OUT",
  message: "the number was logged out; pair it again",
};

/** The gateway reported the number's connection dropped. */
export const NOT_CONNECTED: JobError = {
  code: "INSTANCE_NOT_CONNECTED",
  message: "the gateway reported the number disconnected",
};
