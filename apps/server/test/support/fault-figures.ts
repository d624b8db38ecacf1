/** One `FAULT-FIGURES {json}` line per fault scenario, for the record (README figures). */
export function printFigures(figures: Record<string, unknown>): void {
  process.stdout.write(`FAULT-FIGURES ${JSON.stringify(figures)}\n`);
}
