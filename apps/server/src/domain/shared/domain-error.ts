/** A rule of the domain refused an operation; `code` is stable and machine-readable. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(entity: string, from: string, to: string) {
    super("ILLEGAL_TRANSITION", `${entity} cannot move from ${from} to ${to}`);
  }
}
