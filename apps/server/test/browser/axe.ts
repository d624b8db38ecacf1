/// <reference lib="dom" />
import axeCore from "axe-core";
import type { Page } from "playwright-core";

declare const axe: typeof axeCore;

const BLOCKING = new Set(["serious", "critical"]);

/**
 * Runs axe (injected into the page, as a browser extension would) on what is on screen and
 * returns the serious and critical violations, one readable line each: empty means accessible
 * enough to ship.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag, which the dashboard's Content-Security-Policy refuses.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeCore.source);
  const violations = await page.evaluate(async () => (await axe.run(document)).violations);
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ""))
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}${violation.nodes.length > 3 ? `, … ${violation.nodes.length} nodes` : ""})`,
    );
}

/** What has keyboard focus, as a test names it: the tag and its text. */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "body";
    return `${element.tagName.toLowerCase()}: ${(element.textContent ?? "").trim().slice(0, 60)}`;
  });
}
