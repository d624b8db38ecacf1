/** Why an attempt did not end SENT: a stable code (e.g. `HTTP_500`, `INVALID_RECIPIENT`) and a human message. */
export interface JobError {
  code: string;
  message: string;
}
