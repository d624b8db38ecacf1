/** Why an attempt did not end SENT: a stable code (e.g. `HTTP_500`, `INVALID_RECIPIENT`) and a human message. */
export interface JobError {
  code: string;
  message: string;
}

/** The code of an attempt whose worker lost its lease: recovery took the job over. */
export const LEASE_EXPIRED = "LEASE_EXPIRED";
