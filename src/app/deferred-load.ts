/**
 * Work Home does not need waits until the first page is on screen (issue 15, "A lighter bundle"):
 * the Router reports each page it shows (routes.ts, `afterEachRoute`), and `afterFirstPage` tasks
 * then run once, when the main thread is next idle, so they never compete with drawing Home.
 */
const waiting: Array<() => void> = [];
let firstPageShown = false;

export function pageShown(): void {
  if (firstPageShown) return;
  firstPageShown = true;
  whenIdle(() => {
    for (const task of waiting.splice(0)) task();
  });
}

export function afterFirstPage(task: () => void): void {
  if (firstPageShown) whenIdle(task);
  else waiting.push(task);
}

/** requestIdleCallback (Chrome 47+) with a deadline, else a short timeout. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 100);
}
