/**
 * Timings for the benchmark and the tests (`window.membraneTimings`): ms since navigation
 * start. A mark keeps its first time per load, so "graph-rendered" is when the graph was
 * first seen, not its latest redraw.
 */

declare global {
  interface Window {
    membraneTimings?: Record<string, number>;
  }
}

export function mark(name: string, at: number = performance.now()): void {
  const t = window.membraneTimings ?? {};
  if (t[name] === undefined) window.membraneTimings = { ...t, [name]: Math.round(at) };
}

/** A mark of something that happens again and again (a redraw, an answer): its latest time. */
export function markAgain(name: string, at: number = performance.now()): void {
  window.membraneTimings = { ...(window.membraneTimings ?? {}), [name]: Math.round(at) };
}

/** A time the worker took (its own clock, in epoch ms) as ms since the page's navigation start. */
export function markFromWorker(name: string, epochMs: number): void {
  mark(name, epochMs - performance.timeOrigin);
}

/** A new workspace is loading: its marks start again. */
export function resetMarks(): void {
  window.membraneTimings = {};
}
