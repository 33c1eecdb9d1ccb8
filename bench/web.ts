/**
 * `npm run bench:web`: the web app on workload-10k (500 identities) in Debian's chromium,
 * served by `membrane serve`. Measures, per run in a fresh browser profile:
 *   - first render: navigation start -> the cluster graph drawn (targets: <= 2 s);
 *   - trace: the engine's answer time in the worker, and the page's round trip (<= 100 ms);
 *   - typing in the editor: the longest input event while typing 40 characters, with the
 *     validation and the semantic diff running in workers (typing must never block).
 * Prints the best run and the spread; the machine's load is printed too (numbers on a busy
 * machine are not the app's).
 *
 *   npm run bench:web [-- DIR] [--runs N]
 */

import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readInputBundle } from '../src/server/inputs.js';
import { startServer } from '../src/server/server.js';
import { buildWebApp, launchBrowser } from '../test/helpers/browser.js';

declare const window: { membraneTimings?: Record<string, number>; membraneEditor?: { focus(): void; dispatch(s: { selection: { anchor: number } }): void; state: { doc: { length: number } } } };
declare const performance: { now(): number };
declare const document: { querySelector(s: string): { textContent: string | null } | null };
declare class PerformanceObserver {
  constructor(cb: (list: { getEntries(): { duration: number; name: string }[] }) => void);
  observe(o: { type: string; durationThreshold?: number; buffered?: boolean }): void;
}

interface Run {
  /** the graph's nodes drawn */
  firstRenderMs: number;
  /** and its edges */
  edgesRenderedMs: number;
  loadedMs: number;
  graphDataMs: number;
  traceEngineMs: number;
  traceRoundTripMs: number;
  typingMaxEventMs: number;
}

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const runs = runsArg === -1 ? 3 : Number(argv[runsArg + 1]);
const dir = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs') ?? join(resolve(new URL('..', import.meta.url).pathname), '..', 'shared', 'bench', 'workload-10k');

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
      results.push({
        firstRenderMs: t['graph-rendered']!,
        edgesRenderedMs: t['graph-edges-rendered']!,
        loadedMs: t.loaded!,
        graphDataMs: t['graph-data']!,
        traceEngineMs: engineMs,
        traceRoundTripMs: Math.round(roundTrip),
        typingMaxEventMs: Math.round(maxEvent),
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
  console.log(`  ${k.padEnd(18)} best ${String(values[0]).padStart(6)}   spread ${values[0]}..${values[values.length - 1]}`);
}
