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

/**
 * Idle within this long of the first page: Lightning draws a frame whenever anything moves, so an
 * idle period may never come and the deadline decides. It was 1 s, and a person who pressed
 * Enter on a track within that second met the Shaka chunk's download and setup on the key-press
 * path (the first play after opening took 3–11× a progressive start); 150 ms leaves Home's first
 * frames alone and has the engine ready before anyone reaches a track.
 */
const FIRST_PAGE_IDLE_DEADLINE_MS = 150;

/** requestIdleCallback (Chrome 47+) with a deadline, else a short timeout. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: FIRST_PAGE_IDLE_DEADLINE_MS });
  else setTimeout(task, 100);
}
