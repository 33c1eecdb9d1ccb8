/**
 * The web app in a real browser, on the seed demo: the graph, an endpoint's egress, a trace
 * with its cited L7 rule, an edit whose semantic diff appears as it is typed, inline
 * validation, the lint view on a cluster whose egress blocks DNS, and the matrix.
 * Screenshots of each step: test-artifacts/web/.
 */

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { readInputBundle } from '../src/server/inputs.js';
import { startServer, type RunningServer } from '../src/server/server.js';
import { artifactPath, buildWebApp, launchBrowser, REPO } from './helpers/browser.js';
import { teamCluster } from './helpers/team-cluster.js';

// the page's globals the steps read (these callbacks run inside the browser, through page.evaluate)
interface CyNode { data(key: string): unknown; renderedPosition(): { x: number; y: number } }
interface EditorHandle {
  state: { doc: { toString(): string } };
  focus(): void;
  dispatch(spec: { selection: { anchor: number; head?: number } }): void;
}
declare const window: {
  membraneTimings?: Record<string, number>;
  membraneCy?: { nodes(): { map<T>(f: (n: CyNode) => T): T[]; filter(f: (n: CyNode) => boolean): CyNode } };
  membraneEditor?: EditorHandle;
};
declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare const location: { hash: string };

const SEED = join(REPO, 'examples/seed/seed-demo.yaml');
const DNS_TRAP = join(REPO, 'test/conformance/features/06-footgun-01-egress-without-dns.yaml');

describe('web app in chromium', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    buildWebApp();
    const read = readInputBundle([SEED]);
    assert.equal(read.failed, false);
    server = await startServer({ bundle: read.bundle, port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the seed demo served by membrane serve and draws the graph', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.membraneTimings?.['graph-edges-rendered'] !== undefined, null, { timeout: 30_000 });
    await page.screenshot({ path: artifactPath('01-seed-graph.png') });
    assert.match(await page.locator('.summary').innerText(), /4 pods · 4 identities · 3 policies/);
    const labels = await page.evaluate(() => window.membraneCy!.nodes().map((n) => n.data('label') as string));
    for (const name of ['app=app1', 'app=app2', 'app=other', 'k8s-app=kube-dns', 'world']) assert.ok(labels.includes(name), `node ${name} in ${labels.join(', ')}`);
    assert.deepEqual(pageErrors, []);
  });

  it('clicking app1 on the graph shows its egress', async () => {
    const box = (await page.locator('[data-testid=graph]').boundingBox())!;
    const pos = await page.evaluate(() => window.membraneCy!.nodes().filter((n) => n.data('label') === 'app=app1').renderedPosition());
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    const card = page.locator('[data-testid=endpoint-card]');
    await card.waitFor();
    assert.match(await card.locator('h3').innerText(), /default:app=app1/);
    const egress = await card.locator('[data-testid=egress-peers]').innerText();
    assert.match(egress, /L7-FILTERED\s+default:app=app2 80\/TCP/i);
    assert.match(egress, /kube-system:k8s-app=kube-dns 53\/TCP, 53\/UDP/);
    assert.doesNotMatch(egress, /app=other/, 'app1 may not reach app=other');
    assert.match(page.url(), /#\/graph\?node=257/);
    // the resolved policy: egress default deny and the FQDN allows
    const resolved = await card.locator('.resolved').innerText();
    assert.match(resolved, /default deny/);
    assert.match(resolved, /fqdn:matchName:yahoo\.com/);
    await page.screenshot({ path: artifactPath('02-app1-egress.png') });
  });

  it('traces app1 -> app2 GET /products: DENY, citing the GET /auth rule', async () => {
    await page.keyboard.press('t');
    await page.locator('input[name=from]').fill('pod:default/app1');
    await page.locator('input[name=to]').fill('pod:default/app2');
    await page.locator('input[name=port]').fill('80/TCP');
    await page.locator('input[name=http]').fill('GET /products');
    await page.locator('input[name=http]').press('Enter');
    const verdict = page.locator('[data-testid=trace-verdict]');
    await verdict.waitFor();
    assert.equal(await verdict.innerText(), 'DENY');
    assert.match(await page.locator('[data-testid=side-egress] h3').innerText(), /ALLOW egress of default\/app1/);
    const l7 = await page.locator('[data-testid=l7-ingress]').innerText();
    assert.match(l7, /HTTP request: DENY/i);
    assert.match(l7, /tried GET \/auth/);
    assert.match(l7, /path "\/products" does not match regex "\/auth"/);
    // the query is in the URL: a link to share
    assert.match(decodeURIComponent(page.url()), /#\/trace\?from=pod:default\/app1&to=pod:default\/app2&port=80\/TCP&http=GET\+\/products/);
    await page.screenshot({ path: artifactPath('03-trace-deny.png') });
  });

  it('clicking the cited rule opens the policy with the rule highlighted', async () => {
    await page.locator('[data-testid=l7-ingress] a.policy-link', { hasText: 'GET /auth' }).click();
    await page.locator('.cm-rule-highlight').first().waitFor();
    assert.match(page.url(), /#\/edit\?policy=CiliumNetworkPolicy%2Fdefault%2Fapp2-ingress&path=spec.ingress%5B0%5D.toPorts%5B0%5D.rules.http%5B0%5D/);
    const highlighted = await page.locator('.cm-rule-highlight').allInnerTexts();
    assert.deepEqual(highlighted.map((t) => t.trim()), ['- method: GET', 'path: /auth']);
    await page.screenshot({ path: artifactPath('04-rule-highlighted.png') });
  });

  it('editing the policy to allow /products shows the diff row as it is typed', async () => {
    // put the cursor after /auth and type, as a person would
    await page.evaluate(() => {
      const view = window.membraneEditor!;
      const at = view.state.doc.toString().indexOf('path: /auth') + 'path: /auth'.length;
      view.focus();
      view.dispatch({ selection: { anchor: at } });
    });
    await page.keyboard.type('|/products', { delay: 20 });
    const row = page.locator('[data-testid=diff-row]');
    await row.first().waitFor({ timeout: 30_000 });
    const text = await row.first().innerText();
    assert.match(text, /L7 rules changed\s+default:app=app1\s+default:app=app2\s+80\/TCP/);
    assert.match(text, /http GET \/auth\|\/products/);
    assert.match(await page.locator('[data-testid=validation]').innerText(), /Valid/);
    await page.screenshot({ path: artifactPath('05-edit-diff.png') });
  });

  it('shows validation errors inline as the policy is typed', async () => {
    await page.evaluate(() => {
      const view = window.membraneEditor!;
      const at = view.state.doc.toString().indexOf('protocol: TCP') + 'protocol: '.length;
      view.dispatch({ selection: { anchor: at, head: at + 3 } });
    });
    await page.keyboard.type('TPC');
    await page.locator('.cm-lintRange-error').first().waitFor({ timeout: 15_000 });
    const validation = await page.locator('[data-testid=validation]').innerText();
    assert.match(validation, /error.*protocol/is);
    assert.match(validation, /TPC/);
    // an invalid policy is rejected whole: no diff of its rules
    await page.locator('[data-testid=diff]', { hasText: 'Cilium would reject the policy whole' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('06-edit-invalid.png') });
  });

  it('the lint view shows the DNS finding on a cluster whose egress blocks DNS', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('[data-testid=file-input]').setInputFiles(DNS_TRAP);
    await page.waitForFunction(() => document.querySelector('.summary')?.textContent?.includes('1 file'), null, { timeout: 30_000 });
    await page.keyboard.press('l');
    const finding = page.locator('[data-testid=finding][data-rule=dns-blocked-by-egress]');
    await finding.first().waitFor({ timeout: 30_000 });
    const text = await finding.first().innerText();
    assert.match(text, /Egress of default\/client \(1 pod\) is default-deny and DNS is blocked/);
    assert.match(text, /toEndpoints: \[\{matchLabels: \{app: api\}\}\]/, 'the policy excerpt');
    assert.match(text, /Fix: Add an egress rule for DNS/);
    await page.screenshot({ path: artifactPath('07-lint-dns.png') });
  });

  it('the matrix view draws every identity pair', async () => {
    await page.keyboard.press('m');
    await page.locator('[data-testid=matrix] canvas').waitFor();
    assert.match(await page.locator('.matrix-view .toolbar').innerText(), /× \d+ endpoints, \d+ ports/);
    await page.screenshot({ path: artifactPath('08-matrix.png') });
    assert.deepEqual(pageErrors, []);
  });
});

describe('web app in chromium: a large cluster', { timeout: 240_000 }, () => {
  let server: RunningServer;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];
  interface Cy {
    edges(selector?: string): { length: number };
    getElementById(id: string): { renderedBoundingBox(): { x1: number; y1: number } };
  }

  before(async () => {
    // (the web app is built by the suite above)
    const dir = mkdtempSync(join(tmpdir(), 'membrane-teams-'));
    writeFileSync(join(dir, 'teams.yaml'), teamCluster());
    const read = readInputBundle([join(dir, 'teams.yaml')]);
    assert.equal(read.failed, false);
    server = await startServer({ bundle: read.bundle, port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the edges between namespaces and names the hubs', async () => {
    await page.goto(server.url);
    await page.waitForFunction(() => window.membraneTimings?.['graph-edges-rendered'] !== undefined, null, { timeout: 60_000 });
    const hint = await page.locator('[data-testid=graph-hint]').innerText();
    assert.match(hint, /connections between 167 endpoints, drawn between namespaces/);
    assert.match(hint, /reach most namespaces.*monitoring:app=prometheus/s);
    assert.match(hint, /reached from most.*kube-system:k8s-app=kube-dns/s);
    assert.ok(await page.evaluate(() => (window as unknown as { membraneCy: Cy }).membraneCy.edges('.agg').length) > 0);
    assert.equal(await page.evaluate(() => (window as unknown as { membraneCy: Cy }).membraneCy.edges('.ident').length), 0);
    await page.screenshot({ path: artifactPath('09-large-graph.png') });
  });

  it('clicking a namespace draws its own connections', async () => {
    const box = (await page.locator('[data-testid=graph]').boundingBox())!;
    const corner = await page.evaluate(() => (window as unknown as { membraneCy: Cy }).membraneCy.getElementById('group:team1').renderedBoundingBox());
    await page.mouse.click(box.x + corner.x1 + 6, box.y + corner.y1 + 6);
    await page.waitForFunction(() => location.hash.includes('ns=team1'));
    assert.match(await page.locator('[data-testid=graph-hint]').innerText(), /The connections of the namespace team1/);
    assert.ok(await page.evaluate(() => (window as unknown as { membraneCy: Cy }).membraneCy.edges('.ident').length) > 0);
    assert.equal(await page.evaluate(() => (window as unknown as { membraneCy: Cy }).membraneCy.edges('.agg').length), 0);
    await page.screenshot({ path: artifactPath('10-large-graph-namespace.png') });
  });

  it('draws every connection between identities when asked', async () => {
    await page.evaluate(() => { location.hash = '#/graph'; });
    await page.getByRole('button', { name: 'draw them all' }).click();
    await page.waitForFunction(() => location.hash.includes('edges=identities'));
    await page.waitForFunction(() => (window as unknown as { membraneCy: Cy }).membraneCy.edges('.ident').length > 1000);
    assert.match(await page.locator('[data-testid=graph-hint]').innerText(), /connections drawn between identities/);
    await page.screenshot({ path: artifactPath('11-large-graph-all-edges.png') });
    assert.deepEqual(pageErrors, []);
  });
});
