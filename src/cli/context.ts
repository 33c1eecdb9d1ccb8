/**
 * What every command shares: output streams, the exit code, reading manifests and DNS
 * answers, and printing input problems.
 */

import type { Command } from 'commander';
import { buildModel, mergeDns, type Model } from '../analysis/model.js';
import { NO_PODS_MESSAGE } from '../analysis/no-pods.js';
import { DEFAULT_MAX_REPLICAS, DEFAULT_NAMESPACE, isNamespaceName, withDefaultNamespace, type Cluster, type Diagnostic } from '../cluster/index.js';
import type { AgentSettings } from '../cluster/index.js';
import { readDnsFile, readSettingsFile, readWorkspace, type Workspace } from '../io/workspace.js';
import { renderDiagnostic } from '../report/diagnostics-text.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes: 0 success, 1 findings (failures, rejections, verdict mismatch), 2 usage or input errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class CommandContext {
  exitCode = EXIT_OK;
  constructor(readonly io: Io) {}

  fail(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }

  /** A usage error: message on stderr, exit 2. */
  usage(message: string): void {
    this.io.err(`error: ${message}`);
    this.fail(EXIT_USAGE);
  }

  printDiagnostics(list: readonly Diagnostic[], minimum: 'warning' | 'error' = 'warning'): void {
    for (const d of list) {
      if (minimum === 'error' && d.severity !== 'error') continue;
      if (d.severity === 'info') continue;
      this.io.err(renderDiagnostic(d));
    }
  }
}

export type OutputFormat = 'text' | 'json' | 'yaml';

/** The `-o` format, or undefined after reporting a usage error. */
export function outputFormat(ctx: CommandContext, value: string, allowed: readonly string[] = ['text', 'json', 'yaml']): OutputFormat | undefined {
  if (allowed.includes(value)) return value as OutputFormat;
  ctx.usage(`unknown output format "${value}" (one of ${allowed.join(', ')})`);
  return undefined;
}

/** `-n/--namespace` and `--max-replicas`: how manifests become a cluster. */
export interface ClusterInputOptions {
  namespace?: string;
  maxReplicas?: string;
}

export interface SettingsOptions {
  mutualAuth?: boolean;
  settings?: string;
}

export interface ManifestOptions extends ClusterInputOptions, SettingsOptions {
  filename?: string[];
  dns?: string;
  dnsMode?: string;
  quiet?: boolean;
  /** the command prints policy diagnostics itself (validate) */
  ownPolicyDiagnostics?: boolean;
}

export function addManifestOptions(cmd: Command, required = true): Command {
  const f = '-f, --filename <path...>';
  const desc = 'manifests: files, directories (recursive) or - for stdin; YAML or JSON, kubectl List dumps and PolicyTest files';
  if (required) cmd.requiredOption(f, desc);
  else cmd.option(f, desc);
  addClusterInputOptions(cmd)
    .option('--dns <file>', 'DNS answers for toFQDNs: a YAML/JSON map name -> [addresses] (the FQDN cache)')
    .option('--dns-mode <mode>', 'shared: every node\'s DNS proxy saw the answers; learn: a node knows a name only if one of its pods may resolve it through the DNS proxy', 'shared')
    .option('-q, --quiet', 'do not print warnings about the input');
  return addSettingsOptions(cmd);
}

/** The agent settings that change verdicts: every command that evaluates policy takes them. */
export function addSettingsOptions(cmd: Command): Command {
  return cmd
    .option('--mutual-auth', 'the cluster runs Cilium\'s mutual authentication (SPIRE): rules with authentication mode required pass (assumed to succeed); by default, as in Cilium, that traffic is dropped')
    .option('--settings <file>', 'Cilium agent settings: the cilium-config ConfigMap (kubectl -n kube-system get cm cilium-config -o yaml) or a map of agent options; read: mesh-auth-enabled, mesh-auth-mutual-listener-port, enable-ipv4, enable-ipv6');
}

/** The agent settings of --settings and --mutual-auth; undefined after an input error (reported). */
export function loadSettings(ctx: CommandContext, opts: SettingsOptions & { quiet?: boolean }): Partial<AgentSettings> | undefined {
  let settings: Partial<AgentSettings> = {};
  if (opts.settings) {
    const read = readSettingsFile(opts.settings);
    ctx.printDiagnostics(read.diagnostics, opts.quiet ? 'error' : 'warning');
    if (read.diagnostics.some((d) => d.severity === 'error')) {
      ctx.fail(EXIT_USAGE);
      return undefined;
    }
    settings = read.settings;
  }
  if (opts.mutualAuth) settings = { ...settings, mutualAuth: true };
  return settings;
}

export function addClusterInputOptions(cmd: Command): Command {
  return cmd
    .option('-n, --namespace <namespace>', 'the namespace of objects that name none, and of endpoints written without one (as kubectl)', DEFAULT_NAMESPACE)
    .option('--max-replicas <n>', 'a workload without pods in the input becomes at most this many pods, one per replica (DaemonSets: one per node); 0: none', String(DEFAULT_MAX_REPLICAS));
}

/** The checked values of `-n` and `--max-replicas`, or undefined after reporting a usage error. */
export function clusterInput(ctx: CommandContext, opts: ClusterInputOptions): { namespace: string; maxReplicas: number } | undefined {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  if (!isNamespaceName(namespace)) {
    ctx.usage(`--namespace: "${namespace}" is not a namespace name (lowercase letters, digits and '-', at most 63)`);
    return undefined;
  }
  const text = opts.maxReplicas ?? String(DEFAULT_MAX_REPLICAS);
  const maxReplicas = Number(text);
  if (!/^[0-9]+$/.test(text) || maxReplicas > 100_000) {
    ctx.usage(`--max-replicas must be a whole number from 0 (no pods made from workloads) to 100000 (got "${text}")`);
    return undefined;
  }
  return { namespace, maxReplicas };
}

/** Reports "the input has no pods" (exit 2) for commands that need pods; true when it did. */
export function reportNoPods(ctx: CommandContext, cluster: Cluster): boolean {
  if (cluster.pods.length > 0) return false;
  ctx.usage(NO_PODS_MESSAGE);
  return true;
}

export interface LoadedModel {
  readonly workspace: Workspace;
  readonly model: Model;
  /** `-n`: the namespace of objects and endpoints written without one */
  readonly namespace: string;
  /** true when an input could not be read or parsed */
  readonly inputFailed: boolean;
}

/** Reads manifests and DNS answers and builds the model; prints input problems to stderr. */
export function loadModel(ctx: CommandContext, opts: ManifestOptions): LoadedModel | undefined {
  const input = clusterInput(ctx, opts);
  if (!input) return undefined;
  const read = readWorkspace(opts.filename ?? []);
  const workspace: Workspace = { ...read, objects: withDefaultNamespace(read.objects, input.namespace) };
  let dnsAnswers: Record<string, string[]> = workspace.dns;
  const dnsDiagnostics: Diagnostic[] = [];
  if (opts.dns) {
    const read = readDnsFile(opts.dns);
    dnsDiagnostics.push(...read.diagnostics);
    dnsAnswers = mergeDns(dnsAnswers, read.answers);
  }
  const mode = opts.dnsMode ?? 'shared';
  if (mode !== 'shared' && mode !== 'learn') {
    ctx.usage(`--dns-mode must be shared or learn (got "${mode}")`);
    return undefined;
  }
  const cliSettings = loadSettings(ctx, opts);
  if (!cliSettings) return undefined;
  const settings = { ...workspace.settings, ...cliSettings };
  // PolicyTest answers are what the resolver says; a cache file is what proxies saw
  const effectiveMode = workspace.tests.length > 0 && !opts.dns ? 'learn' : mode;
  const model = buildModel(workspace.objects, { dns: { answers: dnsAnswers, mode: effectiveMode }, maxReplicas: input.maxReplicas, settings });
  const policyDiagnostics = new Set(model.policies.diagnostics);
  const modelDiagnostics = opts.ownPolicyDiagnostics ? model.diagnostics.filter((d) => !policyDiagnostics.has(d)) : model.diagnostics;
  const inputDiagnostics = [...workspace.diagnostics, ...dnsDiagnostics, ...modelDiagnostics];
  ctx.printDiagnostics(inputDiagnostics, opts.quiet ? 'error' : 'warning');
  const inputFailed = workspace.failedFiles.length > 0 || dnsDiagnostics.some((d) => d.severity === 'error');
  if (inputFailed) ctx.fail(EXIT_USAGE);
  return { workspace, model, inputFailed, namespace: input.namespace };
}
