/**
 * Puts keyboard focus on the page's main heading, which screen readers then announce: after a
 * navigation, and wherever the focused element went away (a removed row, a remounted form).
 */
export function focusMainHeading(): void {
  const heading = document.querySelector<HTMLElement>("main h1");
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/** True when focus fell back to the page body: nothing meaningful has it. */
export function focusIsLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}
