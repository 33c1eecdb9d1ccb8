/**
 * `npm run bench:web`: the web app on workload-10k (500 identities) in Debian's chromium,
 * served by `membrane serve`. Measures, per run in a fresh browser profile (ms since
 * navigation start unless said otherwise):
 *   - first render (target <= 2 s): the first frame of the graph, which shows every identity
 *     in its namespace's box with its default-deny state (the edges are not in it yet);
 *   - edges: the first frame with the graph's default edges (on a large cluster, the lines
 *     between namespaces), and the time to draw all of them between identities once asked;
 *   - the steps before: the app's code started, the worker started, workspace.json asked for,
 *     downloaded and decoded in the worker, the engine's code loaded, the model built;
 *   - trace: the engine's answer time in the worker, and the page's round trip (<= 100 ms);
 *   - typing in the editor: the longest input event while typing 40 characters, with the
 *     validation and the semantic diff running in workers (typing must never block);
 *   - matrix: from the key press to the 500 x 500 matrix drawn, and the longest frame while
 *     it is scrolled through.
 * Prints the best run and the spread; the machine's load is printed too (numbers on a busy
 * machine are not the app's).
 *
 *   npm run bench:web [-- DIR] [--runs N]
 */

import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { readInputBundle } from '../src/server/inputs.js';
import { startServer } from '../src/server/server.js';
import { buildWebApp, launchBrowser } from '../test/helpers/browser.js';

interface EditorHandle { focus(): void; dispatch(s: { selection: { anchor: number } }): void; state: { doc: { length: number } } }
declare const window: { membraneTimings?: Record<string, number>; membraneEditor?: EditorHandle };
declare const performance: { now(): number };
declare const document: { querySelector(s: string): { textContent: string | null; scrollTop: number; scrollLeft: number; scrollHeight: number; scrollWidth: number; clientHeight: number } | null };
declare function requestAnimationFrame(f: (t: number) => void): void;
declare class PerformanceObserver {
  constructor(cb: (list: { getEntries(): { duration: number; name: string }[] }) => void);
  observe(o: { type: string; durationThreshold?: number; buffered?: boolean }): void;
}

interface Run {
  /** the app's own code run (React, Cytoscape loaded; the graph warmed up) */
  appStartMs: number;
  /** the engine worker's entry running, the workspace asked for, downloaded; the engine's code loaded */
  workerStartedMs: number;
  workspaceRequestedMs: number;
  workspaceDownloadedMs: number;
  engineCodeMs: number;
  workspaceMs: number;
  modelMs: number;
  nodesDataMs: number;
  /** the identities drawn in their namespaces with their default-deny state */
  firstRenderMs: number;
  edgesDataMs: number;
  /** the graph's default edges drawn */
  edgesRenderedMs: number;
  /** from asking for every identity edge to their frame */
  allEdgesMs: number;
  traceEngineMs: number;
  traceRoundTripMs: number;
  typingMaxEventMs: number;
  matrixShownMs: number;
  matrixScrollMaxFrameMs: number;
}

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const runs = runsArg === -1 ? 3 : Number(argv[runsArg + 1]);
const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs') ?? join(resolve(new URL('..', import.meta.url).pathname), '..', 'shared', 'bench', 'workload-10k');

/** Sets the URL fragment and waits for a mark to be set (again) after that. */
async function navigateAndWait(page: Page, hash: string, markName: string): Promise<number> {
  return page.evaluate(async ([h, name]) => {
    const start = performance.now();
    (globalThis as unknown as { location: { hash: string } }).location.hash = h!;
    for (;;) {
      const t = window.membraneTimings?.[name!];
      if (t !== undefined && t >= start) return t - start;
      await new Promise((r) => setTimeout(r, 2));
    }
  }, [hash, markName]);
}

buildWebApp();
const files = ['namespaces.yaml', 'nodes.yaml', 'pods.yaml', 'policies.yaml'].map((f) => join(dir, f));
const read = readInputBundle(files, join(dir, 'dns.yaml'));
if (read.failed) throw new Error(`cannot read ${dir}`);
const server = await startServer({ bundle: read.bundle, port: 0 });
const results: Run[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const browser = await launchBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(server.url);
      await page.waitForFunction(() => window.membraneTimings?.['graph-edges-rendered'] !== undefined, null, { timeout: 120_000 });
      const t = (await page.evaluate(() => window.membraneTimings))!;
      // every identity edge, as the toolbar's "draw them all" asks
      await page.waitForTimeout(300);
      const allEdges = await navigateAndWait(page, '#/graph?edges=identities', 'graph-drawn');
      await navigateAndWait(page, '#/graph', 'graph-drawn');
      // a flow between two applications: pods named in the input
      const pods = read.bundle.files.find((f) => f.name.endsWith('pods.yaml'))!;
      const names = [...pods.text.matchAll(/\n {2}name: (\S+)\n {2}namespace: (\S+)/g)].slice(0, 4000);
      const from = `pod:${names[10]![2]}/${names[10]![1]}`;
      const to = `pod:${names[3000]![2]}/${names[3000]![1]}`;
      const roundTrip = await page.evaluate(async ([f, d]) => {
        const start = performance.now();
        (globalThis as unknown as { location: { hash: string } }).location.hash = `#/trace?from=${encodeURIComponent(f!)}&to=${encodeURIComponent(d!)}&port=8080%2FTCP&http=GET%20%2Fapi`;
        while (!document.querySelector('[data-testid=trace-verdict]')) await new Promise((r) => setTimeout(r, 2));
        return performance.now() - start;
      }, [from, to]);
      const engineMs = Number((await page.locator('.verdict-banner .timing').innerText()).replace(/[^\d.]/g, ''));
      // typing: the longest input event while the engine validates and diffs in its workers
      await page.keyboard.press('e');
      await page.locator('.cm-content').waitFor();
      await page.waitForFunction(() => (window.membraneEditor?.state.doc.length ?? 0) > 0);
      await page.evaluate(() => {
        const w = globalThis as unknown as { maxEvent: number };
        w.maxEvent = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) w.maxEvent = Math.max(w.maxEvent, e.duration); }).observe({ type: 'event', durationThreshold: 16, buffered: false });
        window.membraneEditor!.focus();
        window.membraneEditor!.dispatch({ selection: { anchor: window.membraneEditor!.state.doc.length } });
      });
      await page.keyboard.type('\n# a comment typed to measure input latency', { delay: 30 });
      await page.waitForTimeout(1500);
      const maxEvent = await page.evaluate(() => (globalThis as unknown as { maxEvent: number }).maxEvent);
      // the matrix: shown, then scrolled through (a frame per step, as a wheel would)
      const matrixShown = await navigateAndWait(page, '#/matrix', 'matrix-drawn');
      const maxFrame = await page.evaluate(async () => {
        const el = document.querySelector('[data-testid=matrix]')!;
        let last = performance.now();
        let worst = 0;
        for (let step = 0; step < 120; step++) {
          el.scrollTop = ((el.scrollHeight - el.clientHeight) * step) / 119;
          el.scrollLeft = ((el.scrollWidth) * step) / 240;
          await new Promise<void>((r) => requestAnimationFrame(() => r()));
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
        }
        return worst;
      });
      results.push({
        appStartMs: t['start']!,
        workerStartedMs: t['worker-started']!,
        workspaceRequestedMs: t['workspace-requested']!,
        workspaceDownloadedMs: t['workspace-downloaded']!,
        engineCodeMs: t['engine-code-loaded']!,
        workspaceMs: t['workspace-decoded']!,
        modelMs: t['worker-model']!,
        nodesDataMs: t['worker-nodes']!,
        firstRenderMs: t['graph-rendered']!,
        edgesDataMs: t['graph-data']!,
        edgesRenderedMs: t['graph-edges-rendered']!,
        allEdgesMs: Math.round(allEdges),
        traceEngineMs: engineMs,
        traceRoundTripMs: Math.round(roundTrip),
        typingMaxEventMs: Math.round(maxEvent),
        matrixShownMs: Math.round(matrixShown),
        matrixScrollMaxFrameMs: Math.round(maxFrame),
      });
      console.error(`run ${i + 1}: ${JSON.stringify(results[results.length - 1])}`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}

const keys = Object.keys(results[0]!) as (keyof Run)[];
console.log(`web app on ${dir} (${runs} runs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine)`);
for (const k of keys) {
  const values = results.map((r) => r[k]).sort((a, b) => a - b);
  console.log(`  ${k.padEnd(22)} best ${String(values[0]).padStart(6)}   spread ${values[0]}..${values[values.length - 1]}`);
}
