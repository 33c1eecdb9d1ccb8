/**
 * `membrane lab`: the policies enforced on real packets, on this machine. Parses options and
 * prints; the lab itself is src/datapath.
 */

import type { Command } from 'commander';
import { mergeDns } from '../../analysis/model.js';
import { runPolicyTest, rejectionMismatch, type CaseResult, type FileResult } from '../../analysis/policy-test.js';
import type { K8sObject, SourceDocument } from '../../cluster/index.js';
import {
  DEFAULT_LAB_NAME,
  DEFAULT_TEST_LAB_NAME,
  execTarget,
  labApply,
  labDown,
  labExec,
  labNameProblem,
  labPrerequisiteProblem,
  labStatus,
  labUp,
  listLabs,
  LabError,
  ControlError,
  CommandError,
  POLICY_OBJECT_KINDS,
  runLabTest,
  type LabCaseOutcome,
  type LabEndpoint,
  type LabTestRun,
} from '../../datapath/index.js';
import { readInputs } from '../../io/files.js';
import { readDnsFile, readWorkspace } from '../../io/workspace.js';
import { dnsAnswersFrom } from '../../policy/l7/index.js';
import { nestedObjects, parseText } from '../../policy/yaml-source.js';
import { outputDocument, serialize } from '../../report/serialize.js';
import { EXIT_FINDINGS, EXIT_USAGE, FILENAME_FLAGS, addManifestOptions, collect, addSettingsOptions, clusterInput, loadModel, loadSettings, outputFormat, type CommandContext, type ManifestOptions } from '../context.js';
import type { AgentSettings } from '../../cluster/index.js';

const NAME_OPTION = ['--name <lab>', 'the lab\'s name (several labs can run side by side)'] as const;

function nameOrFail(ctx: CommandContext, name: string): boolean {
  const problem = labNameProblem(name);
  if (problem) ctx.usage(problem);
  return !problem;
}

function prerequisitesOrFail(ctx: CommandContext): boolean {
  const problem = labPrerequisiteProblem();
  if (problem) {
    ctx.io.err(`error: ${problem}`);
    ctx.fail(EXIT_USAGE);
  }
  return !problem;
}

/** Lab failures are the machine's or the input's: exit 2 with the message. */
async function guarded(ctx: CommandContext, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (!(err instanceof LabError || err instanceof ControlError || err instanceof CommandError)) throw err;
    ctx.io.err(`error: ${(err as Error).message}`);
    ctx.fail(EXIT_USAGE);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const hint = (name: string) => (name === DEFAULT_LAB_NAME ? '' : ` --name ${name}`);

interface UpOptions extends ManifestOptions {
  name: string;
  foreground?: boolean;
  reject?: boolean;
}

function registerUp(lab: Command, ctx: CommandContext): void {
  const cmd = lab
    .command('up')
    .summary('build a lab from manifests and enforce their policies')
    .description(
      'Build a lab: one network namespace per pod (with its manifest address), one per node (the node and its ' +
        'host-network pods) and one for outside addresses that DNS answers name, joined by routed veths in a ' +
        'namespace of the lab\'s own (the root namespace\'s links, routes and ruleset are never touched and no ' +
        'packet leaves the machine). The policies are compiled by the engine into an nftables table; HTTP rules ' +
        'are enforced by an HTTP proxy (403 Access denied), DNS rules by a DNS proxy (REFUSED) that teaches ' +
        'toFQDNs the answers it lets through. Every pod runs an HTTP/TCP/UDP echo server on its container ports; ' +
        'cluster-DNS pods (k8s-app=kube-dns) answer from the DNS map (PolicyTest `dns`, --dns). The lab keeps ' +
        'running after the command returns; remove it with `membrane lab down`.\n\n' +
        'Needs root, iproute2 and nftables. Exit code: 0 the lab is up, 2 bad input or the lab could not be built.',
    );
  addManifestOptions(cmd)
    .option(...NAME_OPTION, DEFAULT_LAB_NAME)
    .option('--foreground', 'stay attached and remove the lab on Ctrl-C (SIGINT) or SIGTERM')
    .option('--reject', 'answer denied packets with ICMP admin-prohibited instead of dropping them as Cilium does (denials show at once instead of timing out)')
    .addHelpText('after', [
      '',
      'Examples:',
      '  membrane lab up -f examples/seed/seed-demo.yaml',
      '  membrane lab exec default/app1 -- curl -s http://app2/auth',
      '  membrane lab up -f cluster/ --dns dns.yaml --name staging',
    ].join('\n'))
    .action((opts: UpOptions) => guarded(ctx, async () => {
      if (!nameOrFail(ctx, opts.name) || !prerequisitesOrFail(ctx)) return;
      const loaded = loadModel(ctx, { ...opts, dnsMode: 'shared' });
      if (!loaded || loaded.inputFailed) return;
      let dns = loaded.workspace.dns;
      if (opts.dns) dns = mergeDns(dns, readDnsFile(opts.dns).answers);
      const cluster = { maxReplicas: clusterInput(ctx, opts)?.maxReplicas, settings: loaded.model.engine.settings };
      const up = await labUp({ name: opts.name, objects: loaded.workspace.objects, dns: new Map(Object.entries(dns)), sources: loaded.workspace.files, reject: opts.reject, cluster });
      const rejected = loaded.model.policies.rejected.length;
      ctx.io.out(`lab "${opts.name}" is up in ${seconds(up.ms.total)} (namespaces ${seconds(up.ms.networks)}, agent and servers ${seconds(up.ms.processes)})`);
      ctx.io.out(renderEndpoints(up.topology.endpoints));
      for (const note of up.topology.notes) ctx.io.err(`warning: ${note}`);
      for (const f of up.servers.failed) ctx.io.err(`warning: could not listen: ${f}`);
      const s = up.agent.stats;
      ctx.io.out(`policy: ${up.agent.policies} policies enforced${rejected ? ` (${rejected} rejected, not enforced)` : ''}; nftables table "membrane": ${s.chains} chains, ${s.elements} verdict-map elements; ${s.redirects.http} HTTP and ${s.redirects.dns} DNS redirects`);
      ctx.io.out(`proxies: HTTP ${up.agent.httpProxy} (TPROXY), DNS ${up.agent.dnsListeners} listener${up.agent.dnsListeners === 1 ? '' : 's'}`);
      const firstPod = up.topology.endpoints.find((e) => e.kind === 'pod' && !e.dnsServer) ?? up.topology.endpoints.find((e) => e.kind === 'pod');
      ctx.io.out(`next: membrane lab exec${hint(opts.name)} ${firstPod?.display ?? 'NS/POD'} -- sh    |    membrane lab status${hint(opts.name)}    |    membrane lab down${hint(opts.name)}`);
      if (opts.foreground) {
        ctx.io.out('attached: Ctrl-C removes the lab');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        const report = await labDown(opts.name);
        ctx.io.out(`lab "${opts.name}" removed (${report.netns.length} namespaces)`);
      }
    }));
}

function renderEndpoints(endpoints: readonly LabEndpoint[]): string {
  const rows = endpoints.map((e) => [
    e.display,
    e.addresses.length > 3 ? `${e.addresses.slice(0, 3).join(', ')} (+${e.addresses.length - 3})` : e.addresses.join(', '),
    e.node ?? '',
    e.ports.map((p) => `${p.port}/${p.protocol}`).join(' ') + (e.dnsServer && e.kind === 'pod' ? '  (DNS server)' : ''),
  ]);
  const head = ['ENDPOINT', 'ADDRESS', 'NODE', 'LISTENING'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => `  ${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]!) : c)).join('  ')}`.trimEnd()).join('\n');
}

function registerDown(lab: Command, ctx: CommandContext): void {
  lab
    .command('down')
    .summary('remove a lab (namespaces, ruleset, processes)')
    .description(
      'Remove everything a lab created: its processes (and any process left in its namespaces), namespaces (with ' +
        'their veths, routes and nftables table) and files. Works from the lab\'s name alone, also after the lab\'s ' +
        'processes were killed.\n\nExit code: 0 removed (or nothing to remove), 2 bad usage.',
    )
    .option(...NAME_OPTION, DEFAULT_LAB_NAME)
    .option('--all', 'remove every lab on this machine')
    .addHelpText('after', '\nExamples:\n  membrane lab down\n  membrane lab down --name staging\n  membrane lab down --all')
    .action((opts: { name: string; all?: boolean }) => guarded(ctx, async () => {
      const names = opts.all ? listLabs() : [opts.name];
      if (!opts.all && !nameOrFail(ctx, opts.name)) return;
      for (const name of names) {
        const report = await labDown(name);
        ctx.io.out(report.netns.length > 0 ? `lab "${name}" removed (${report.netns.length} namespaces${report.killed.length ? `, ${report.killed.length} processes stopped` : ''})` : `lab "${name}": nothing to remove`);
      }
      if (opts.all && names.length === 0) ctx.io.out('no lab on this machine');
    }));
}

interface ApplyOptions {
  filename: string[];
  name: string;
  prune?: boolean;
}

function registerApply(lab: Command, ctx: CommandContext): void {
  lab
    .command('apply')
    .summary('change the policies of a running lab')
    .description(
      'Add or replace policies (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy, CiliumCIDRGroup) ' +
        'in a running lab, by kind, namespace and name as kubectl apply does (--prune: the given policies become the ' +
        'whole set). The engine recompiles and the nftables table is replaced in one transaction; connections a ' +
        'policy no longer allows stop at their next packet. Pods and nodes are fixed when the lab is built.\n\n' +
        'Exit code: 0 applied, 1 a policy was rejected (the others are applied), 2 bad input or no such lab.',
    )
    .requiredOption(FILENAME_FLAGS, 'a policy file or directory; repeat -f for several', collect)
    .option(...NAME_OPTION, DEFAULT_LAB_NAME)
    .option('--prune', 'remove the lab\'s policies that the files do not hold')
    .addHelpText('after', '\nExamples:\n  membrane lab apply -f test/fixtures/allow-all-app2.yaml\n  membrane lab apply -f policies/ --prune --name staging')
    .action((opts: ApplyOptions) => guarded(ctx, async () => {
      if (!nameOrFail(ctx, opts.name)) return;
      const workspace = readWorkspace(opts.filename);
      ctx.printDiagnostics(workspace.diagnostics);
      if (workspace.failedFiles.length > 0) return ctx.fail(EXIT_USAGE);
      const policies = workspace.objects.filter((o) => POLICY_OBJECT_KINDS.includes(String(o.value.kind)));
      for (const o of workspace.objects.filter((x) => !POLICY_OBJECT_KINDS.includes(String(x.value.kind)))) {
        const meta = (o.value.metadata ?? {}) as { name?: string; namespace?: string };
        ctx.io.err(`warning: ${String(o.value.kind)} ${meta.namespace ? `${meta.namespace}/` : ''}${meta.name ?? ''} is not applied: lab apply changes policies only (rebuild the lab to change pods or nodes)`);
      }
      if (policies.length === 0 && !opts.prune) {
        ctx.usage(`no policy in ${opts.filename.join(', ')}`);
        return;
      }
      const result = await labApply(opts.name, policies.map((o) => o.value), opts.prune === true);
      for (const r of result.rejected) ctx.io.err(`rejected: ${r.policy}: ${r.message}`);
      ctx.io.out(`lab "${opts.name}": ${result.policies} policies enforced${result.rejected.length ? `, ${result.rejected.length} rejected` : ''}; engine ${result.loadMs.toFixed(0)} ms, compile and atomic table replace ${result.compileMs.toFixed(0)} ms (${result.stats.chains} chains, ${result.stats.elements} verdict-map elements)`);
      if (result.rejected.length > 0) ctx.fail(EXIT_FINDINGS);
    }));
}

function registerExec(lab: Command, ctx: CommandContext): void {
  lab
    .command('exec')
    .summary('run a command inside a pod\'s (or node\'s) namespace')
    .description(
      'Run a command in the network namespace of a lab endpoint: a pod (NS/NAME, or NAME in default), a node ' +
        '(node:NAME) or the outside world (world). The pod has its own resolv.conf (the cluster DNS pod) and ' +
        'hosts (pod and node names), so the seed walkthrough can be typed as is.\n\n' +
        'Exit code: the command\'s; 2 bad usage or no such lab or endpoint.',
    )
    .argument('<target>', 'NS/POD, node:NAME or world')
    .argument('<command...>', 'the command and its arguments (after --)')
    .option(...NAME_OPTION, DEFAULT_LAB_NAME)
    .passThroughOptions()
    .addHelpText('after', [
      '',
      'Examples:',
      '  membrane lab exec default/app1 -- curl -s http://app2/auth',
      '  membrane lab exec default/app1 -- dig amazon.com',
      '  membrane lab exec default/app1 -- nc -zv -w 2 app2 90',
      '  membrane lab exec node:node-2 -- ping -c 1 10.0.2.10',
    ].join('\n'))
    .action((target: string, command: string[], opts: { name: string }) => guarded(ctx, async () => {
      if (!nameOrFail(ctx, opts.name)) return;
      const where = execTarget(opts.name, target);
      for (const p of where.problems) ctx.io.err(`warning: ${p}`);
      // options stop at the target, so a `--` after it arrives as part of the command
      const argv = command[0] === '--' ? command.slice(1) : command;
      if (argv.length === 0) return ctx.usage('lab exec needs a command after the target (membrane lab exec NS/POD -- CMD...)');
      const code = await labExec(where, argv);
      ctx.fail(code);
    }));
}

function registerStatus(lab: Command, ctx: CommandContext): void {
  lab
    .command('status')
    .summary('a lab\'s endpoints, processes, ruleset and learned names')
    .description('Show a running lab: endpoints, whether its agent (proxies) and servers are alive, the compiled ruleset\'s size and the names the DNS proxy taught each node.\n\nExit code: 0 healthy, 1 a lab process died, 2 no such lab.')
    .option(...NAME_OPTION, DEFAULT_LAB_NAME)
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .addHelpText('after', '\nExamples:\n  membrane lab status\n  membrane lab status --name staging -o json')
    .action((opts: { name: string; output: string }) => guarded(ctx, async () => {
      const format = outputFormat(ctx, opts.output);
      if (!format || !nameOrFail(ctx, opts.name)) return;
      const status = await labStatus(opts.name);
      if (format !== 'text') {
        ctx.io.out(serialize(outputDocument('LabStatus', { name: status.name, endpoints: status.topology.endpoints, processes: status.processes, problems: status.problems, agent: status.agent }), format));
      } else {
        ctx.io.out(`lab "${status.name}": ${status.topology.endpoints.length} endpoints`);
        ctx.io.out(renderEndpoints(status.topology.endpoints));
        for (const p of status.processes) ctx.io.out(`${p.role}: pid ${p.pid} ${p.alive ? 'running' : 'NOT RUNNING'}`);
        if (status.agent) {
          const s = status.agent.stats;
          ctx.io.out(`policy: ${status.agent.policies} policies; ${s.chains} chains, ${s.elements} verdict-map elements; ${status.agent.reloads} table loads (last ${status.agent.lastReloadMs.toFixed(0)} ms)`);
          ctx.io.out(`proxies: HTTP ${status.agent.httpProxy}, DNS ${status.agent.dnsListeners} listeners`);
          for (const [node, names] of Object.entries(status.agent.learned)) {
            for (const [name, ips] of Object.entries(names)) ctx.io.out(`learned on ${node || '(no node)'}: ${name} -> ${ips.join(', ')}`);
          }
        }
      }
      for (const p of status.problems) ctx.io.err(`problem: ${p}`);
      if (status.problems.length > 0) ctx.fail(EXIT_FINDINGS);
    }));
}

function registerList(lab: Command, ctx: CommandContext): void {
  lab
    .command('list')
    .summary('the labs on this machine')
    .description('List the labs on this machine (by their namespaces).\n\nExit code: 0.')
    .addHelpText('after', '\nExamples:\n  membrane lab list')
    .action(() => {
      const labs = listLabs();
      ctx.io.out(labs.length > 0 ? labs.join('\n') : 'no lab on this machine');
    });
}

// ---------------------------------------------------------------- lab test

interface TestDocument {
  readonly file: string;
  readonly value: Record<string, unknown>;
  readonly source: SourceDocument;
}

interface LabCaseReport {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly expect?: string | undefined;
  readonly engine?: string | undefined;
  readonly packets?: string | undefined;
  readonly agree?: boolean | undefined;
  readonly traffic?: string | undefined;
  readonly detail?: string | undefined;
  readonly reason?: string | undefined;
}

interface LabFileReport {
  readonly file: string;
  readonly name: string;
  readonly error: string | null;
  readonly cases: LabCaseReport[];
  readonly seconds?: number | undefined;
  readonly ms?: LabTestRun['ms'] | undefined;
}

function readTestDocuments(paths: readonly string[]): { documents: TestDocument[]; errors: LabFileReport[] } {
  const { inputs, errors } = readInputs(paths);
  const out: TestDocument[] = [];
  const failed: LabFileReport[] = errors.map((e) => ({ file: e.file, name: '', error: e.message, cases: [] }));
  for (const input of inputs) {
    const parsed = parseText(input.text, input.file);
    const bad = parsed.diagnostics.find((d) => d.severity === 'error');
    if (bad) { failed.push({ file: input.file, name: '', error: bad.message, cases: [] }); continue; }
    const docs = parsed.documents.filter((d) => (d.value as { kind?: unknown }).kind === 'PolicyTest');
    if (docs.length === 0) failed.push({ file: input.file, name: '', error: 'no PolicyTest document (kind: PolicyTest) in this file', cases: [] });
    for (const d of docs) out.push({ file: input.file, value: d.value as Record<string, unknown>, source: d.source });
  }
  return { documents: out, errors: failed };
}

function caseReport(c: CaseResult, o: LabCaseOutcome | undefined): LabCaseReport {
  if (c.status === 'skip') return { name: c.name, status: 'skip', expect: c.expect, reason: c.reason };
  if (!c.flow) return { name: c.name, status: 'fail', reason: c.reason };
  if (!o || o.unsupported) return { name: c.name, status: 'skip', expect: c.expect, engine: c.actual, reason: `not in the lab: ${o?.unsupported ?? 'not run'}` };
  const pass = o.verdict === c.expect;
  return {
    name: c.name,
    status: pass ? 'pass' : 'fail',
    expect: c.expect,
    engine: c.actual,
    packets: o.verdict,
    agree: o.verdict === c.actual,
    traffic: o.traffic,
    detail: o.detail,
    reason: pass ? undefined : `expected ${c.expect}, packets ${o.verdict} (${o.detail})`,
  };
}

async function testDocument(doc: TestDocument, lab: string, timeoutMs: number, drop: boolean, settings: Partial<AgentSettings>): Promise<LabFileReport> {
  const result: FileResult = runPolicyTest(doc.file, doc.value, doc.source, { settings });
  if (result.error) return { file: doc.file, name: result.name, error: result.error, cases: [] };
  const objects: K8sObject[] = nestedObjects(doc.source, doc.value.resources, ['resources']);
  const dns = dnsAnswersFrom(doc.value.dns);
  const start = performance.now();
  const run: LabTestRun = await runLabTest({ name: lab, objects, dns, flows: result.cases.map((c) => (c.status === 'skip' ? undefined : c.flow)), timeoutMs, drop, cluster: { settings: result.settings } });
  const cases = result.cases.map((c, i) => caseReport(c, run.outcomes[i]));
  const error = rejectionMismatch(result) ? `expectRejected does not match the policies Cilium rejects (membrane test ${doc.file} explains)` : null;
  return { file: doc.file, name: result.name, error, cases, seconds: (performance.now() - start) / 1000, ms: run.ms };
}

function renderFile(r: LabFileReport, verbose: boolean): string[] {
  const failed = r.cases.filter((c) => c.status === 'fail');
  const skipped = r.cases.filter((c) => c.status === 'skip');
  const probed = r.cases.filter((c) => c.packets !== undefined);
  const agree = probed.filter((c) => c.agree).length;
  const bad = r.error !== null || failed.length > 0;
  const out = [`${bad ? 'FAIL' : 'ok  '} ${r.file}${r.name ? ` (${r.name})` : ''}: ${r.error && r.cases.length === 0 ? 'error' : `${r.cases.length - failed.length - skipped.length}/${r.cases.length} passed${skipped.length ? `, ${skipped.length} skipped` : ''}; packets agree with the engine on ${agree}/${probed.length}`}${r.seconds !== undefined ? ` (${r.seconds.toFixed(1)} s)` : ''}`];
  if (r.error) out.push(`  error: ${r.error}`);
  if (verbose && r.ms) out.push(`  lab up ${seconds(r.ms.up)}, DNS lookups ${seconds(r.ms.warmup)}, probes ${seconds(r.ms.probes)}, down ${seconds(r.ms.down)}`);
  for (const c of failed) out.push(`  FAIL ${c.name}: expected ${c.expect ?? '?'}, engine ${c.engine ?? '?'}, packets ${c.packets ?? '?'}${c.detail ? ` (${c.detail})` : ''}${c.traffic ? `  [${c.traffic}]` : c.reason ? `: ${c.reason}` : ''}`);
  for (const c of probed.filter((x) => x.status === 'pass' && !x.agree)) out.push(`  DISAGREE ${c.name}: engine ${c.engine}, packets ${c.packets} (${c.detail})  [${c.traffic}]`);
  if (verbose) {
    for (const c of r.cases.filter((x) => x.status === 'pass' && x.agree)) out.push(`  pass ${c.name}: ${c.packets} (${c.detail})  [${c.traffic}]`);
    for (const c of skipped) out.push(`  skip ${c.name}: ${c.reason}`);
  }
  return out;
}

function summaryOf(files: readonly LabFileReport[]) {
  const summary = { passed: 0, failed: 0, skipped: 0 };
  let probed = 0;
  let agree = 0;
  const unsupported = new Map<string, number>();
  for (const f of files) {
    if (f.error !== null) summary.failed++;
    for (const c of f.cases) {
      if (c.status === 'pass') summary.passed++;
      else if (c.status === 'fail') summary.failed++;
      else {
        summary.skipped++;
        const reason = (c.reason ?? '').replace(/^not in the lab: (from|to): /, 'not in the lab: ').replace(/\b(pod|node) \S+/g, '$1 X').replace(/type \d+/, 'type N');
        unsupported.set(reason, (unsupported.get(reason) ?? 0) + 1);
      }
      if (c.packets !== undefined) {
        probed++;
        if (c.agree) agree++;
      }
    }
  }
  return { summary, agreement: { probed, agree }, unsupported };
}

interface LabTestOptions {
  settings?: string;
  mutualAuth?: boolean;
  name: string;
  drop?: boolean;
  timeout: string;
  jobs: string;
  output: string;
  verbose?: boolean;
}

function registerTestCommand(lab: Command, ctx: CommandContext): void {
  const cmd = lab
    .command('test')
    .summary('run PolicyTest cases as real traffic and compare with the engine')
    .description(
      'For each PolicyTest document: build a lab of its cluster, make the DNS lookups its toFQDNs expectations ' +
        'assume (through the DNS proxy, which decides by itself), send every case as real traffic from inside the ' +
        'source\'s namespace (TCP connect, UDP request/response, ICMP echo, HTTP requests, DNS queries over UDP and ' +
        'TCP; SCTP where the kernel has it) and remove the lab. Reports the expected verdict, the engine\'s and the ' +
        'packets\', and whether packets and engine agree. A case passes when the packets give the expected verdict; ' +
        'cases the lab cannot send (entities without an address, ICMP types other than echo, IPv6) are skipped with ' +
        'the reason.\n\nExit code: 0 all passed, 1 a case failed, 2 bad usage or no lab could be built.',
    )
    .argument('<paths...>', 'PolicyTest files or directories')
    .option(...NAME_OPTION, DEFAULT_TEST_LAB_NAME)
    .option('--timeout <ms>', 'how long a probe waits before it counts as dropped', '2000')
    .option('--drop', 'drop denied packets as Cilium does; by default the lab rejects them (ICMP admin-prohibited, the same verdict seen at once) so denials need no timeout')
    .option('-j, --jobs <n>', 'documents tested at once (each in its own lab)', '1')
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .option('-v, --verbose', 'list passing and skipped cases too');
  addSettingsOptions(cmd)
    .addHelpText('after', '\nExamples:\n  membrane lab test examples/seed/seed-demo.yaml\n  membrane lab test test/conformance -j 3 -o json > lab-results.json')
    .action((paths: string[], opts: LabTestOptions) => guarded(ctx, async () => {
      const format = outputFormat(ctx, opts.output);
      const timeoutMs = Number(opts.timeout);
      const jobs = Number(opts.jobs);
      if (!format || !nameOrFail(ctx, opts.name)) return;
      if (!Number.isInteger(timeoutMs) || timeoutMs < 100) return ctx.usage(`--timeout must be a number of milliseconds >= 100 (got "${opts.timeout}")`);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) return ctx.usage(`--jobs must be 1 to 8 (got "${opts.jobs}")`);
      const settings = loadSettings(ctx, opts);
      if (!settings || !prerequisitesOrFail(ctx)) return;
      const names = jobs > 1 ? Array.from({ length: jobs }, (_, i) => `${opts.name}-${i + 1}`) : [opts.name];
      const existing = names.filter((n) => listLabs().includes(n));
      if (existing.length > 0) return ctx.usage(`lab ${existing.join(', ')} exists: lab test builds its own labs (remove it with membrane lab down --name ${existing[0]}, or choose another --name)`);
      const { documents, errors } = readTestDocuments(paths);
      const files: LabFileReport[] = [...errors];
      const started = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(jobs, documents.length) }, async (_, worker) => {
        const lab = jobs > 1 ? `${opts.name}-${worker + 1}` : opts.name;
        while (next < documents.length) {
          const doc = documents[next++]!;
          let report: LabFileReport;
          try {
            report = await testDocument(doc, lab, timeoutMs, opts.drop === true, settings);
          } catch (err) {
            report = { file: doc.file, name: '', error: (err as Error).message, cases: [] };
          }
          files.push(report);
          if (format === 'text') ctx.io.out(renderFile(report, opts.verbose === true).join('\n'));
        }
      }));
      const { summary, agreement, unsupported } = summaryOf(files);
      const pct = agreement.probed > 0 ? ((100 * agreement.agree) / agreement.probed).toFixed(1) : '100.0';
      if (format === 'text') {
        ctx.io.out(`packets agree with the engine on ${agreement.agree} of ${agreement.probed} cases sent as traffic (${pct}%); ${documents.length} documents in ${seconds(performance.now() - started)}`);
        if (unsupported.size > 0) {
          ctx.io.out('skipped, by reason:');
          for (const [reason, n] of [...unsupported].sort((a, b) => b[1] - a[1])) ctx.io.out(`  ${String(n).padStart(5)}  ${reason}`);
        }
        ctx.io.out(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
      } else {
        ctx.io.out(serialize(outputDocument('LabTestResults', { summary, agreement, files }), format));
      }
      if (summary.failed > 0) ctx.fail(EXIT_FINDINGS);
    }));
}

export function registerLab(program: Command, ctx: CommandContext): void {
  const lab = program
    .command('lab')
    .summary('enforce the policies on real packets (network namespaces, nftables, proxies)')
    .description(
      'A lab enforces the manifests\' policies on real traffic on this machine: pods are network namespaces, ' +
        'L3/L4 policy is an nftables table compiled by the engine, HTTP and DNS rules are enforced by proxies. ' +
        'Walk through a scenario with `lab exec` (curl, dig, nc, ping), check the engine against packets with ' +
        '`lab test`. Needs root, iproute2 and nftables.',
    )
    .enablePositionalOptions()
    .addHelpText('after', [
      '',
      'Examples:',
      '  membrane lab up -f examples/seed/seed-demo.yaml',
      '  membrane lab exec default/app1 -- curl -s http://app2/products',
      '  membrane lab test examples/seed/seed-demo.yaml',
      '  membrane lab down',
    ].join('\n'));
  registerUp(lab, ctx);
  registerDown(lab, ctx);
  registerApply(lab, ctx);
  registerExec(lab, ctx);
  registerTestCommand(lab, ctx);
  registerStatus(lab, ctx);
  registerList(lab, ctx);
  for (const cmd of lab.commands) cmd.exitOverride().configureOutput({
    writeOut: (s) => ctx.io.out(s.replace(/\n$/, '')),
    writeErr: (s) => ctx.io.err(s.replace(/\n$/, '')),
  });
}
