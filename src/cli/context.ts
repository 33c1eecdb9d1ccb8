/**
 * What every command shares: output streams, the exit code, reading manifests and DNS
 * answers, and printing input problems.
 */

import type { Command } from 'commander';
import { buildModel, mergeDns, type Model, type ModelOptions } from '../analysis/model.js';
import { NO_PODS_MESSAGE } from '../analysis/no-pods.js';
import { DEFAULT_MAX_REPLICAS, DEFAULT_NAMESPACE, isNamespaceName, withDefaultNamespace, type Cluster, type Diagnostic } from '../cluster/index.js';
import type { AgentSettings } from '../cluster/index.js';
import { readDnsFile, readSettingsFile, readWorkspace, type Workspace } from '../io/workspace.js';
import { renderDiagnostic } from '../report/diagnostics-text.js';
import { escapeTerminalOutput, escapeText } from '../report/escape-text.js';
import type { OutputDocument } from '../report/serialize.js';
import { colorSeverities, colorVerdicts } from './color.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** what --color=auto means for stdout and stderr (terminal, NO_COLOR); tests leave it unset: no colour */
  readonly autoColor?: { readonly out: boolean; readonly err: boolean };
  /** the terminal's width when stdout is one; tables otherwise fit 100 columns */
  readonly columns?: number | undefined;
  /** resolves when the output has room again (streamed output waits on it to stay bounded in memory) */
  drain?(): Promise<void>;
}

/** Exit codes: 0 success, 1 findings (failures, rejections, verdict mismatch), 2 usage or input errors, 70 a bug. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export class CommandContext {
  exitCode = EXIT_OK;
  /** colour stdout verdicts / stderr severities (set from --color before a command runs) */
  color = { out: false, err: false };
  /** the width text tables fit */
  get width(): number {
    const columns = this.rawIo.columns;
    return columns !== undefined && columns >= 40 ? columns : 100;
  }

  /** what commands write to: every line escaped (no control character from input reaches a terminal), then coloured */
  readonly io: Io;

  constructor(readonly rawIo: Io) {
    this.io = {
      out: (text) => {
        const safe = escapeTerminalOutput(text);
        rawIo.out(this.color.out ? colorSeverities(colorVerdicts(safe)) : safe);
      },
      err: (text) => {
        const safe = escapeTerminalOutput(text);
        rawIo.err(this.color.err ? colorSeverities(safe) : safe);
      },
      ...(rawIo.drain ? { drain: () => rawIo.drain!() } : {}),
    };
  }

  fail(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }

  /** A usage error: message on stderr, exit 2. One line: names from the input in it are escaped. */
  usage(message: string): void {
    this.io.err(`error: ${escapeText(message)}`);
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
  /** go on without the input files that cannot be read or parsed (listed as skipped) */
  skipInvalid?: boolean;
  /** the command prints policy diagnostics itself (validate) */
  ownPolicyDiagnostics?: boolean;
  /** the command reports on unreadable input itself and still prints its report (validate) */
  reportInvalid?: boolean;
}

/** An input file left out with --skip-invalid. */
export interface SkippedInput {
  readonly file: string;
  readonly reason: string;
}

export const SKIP_INVALID_HELP = 'go on when an input file cannot be read or parsed: leave its objects out and list it as skipped (default: no verdict, exit 2)';

/**
 * The files that could not be read or parsed, with the first error of each. Without
 * --skip-invalid a command prints no verdict for such input: a manifest that cannot be read
 * is not "no policy".
 */
export function invalidInputs(workspace: Workspace): SkippedInput[] {
  return workspace.failedFiles.map((file) => {
    const d = workspace.diagnostics.find((x) => x.severity === 'error' && x.location?.file === file);
    const where = d?.location && d.location.line > 0 ? `line ${d.location.line}: ` : '';
    return { file, reason: d ? `${where}${d.message}` : 'could not be read or parsed' };
  });
}

/** Reports invalid input; true when the command must stop (no --skip-invalid). */
export function stopOnInvalid(ctx: CommandContext, invalid: readonly SkippedInput[], skipInvalid: boolean | undefined): boolean {
  if (invalid.length === 0) return false;
  const names = escapeText(invalid.map((s) => s.file).join(', '));
  if (skipInvalid) {
    ctx.io.err(`warning: skipped ${invalid.length} input file${invalid.length === 1 ? '' : 's'} that could not be read or parsed (--skip-invalid): ${names}`);
    return false;
  }
  ctx.io.err(`error: ${invalid.length} input file${invalid.length === 1 ? '' : 's'} could not be read or parsed (${names}): no verdict without ${invalid.length === 1 ? 'it' : 'them'}. Fix ${invalid.length === 1 ? 'it' : 'them'}, or pass --skip-invalid to go on without ${invalid.length === 1 ? 'it' : 'them'}.`);
  ctx.fail(EXIT_USAGE);
  return true;
}

/** Text lines naming the skipped inputs; file names and reasons escaped for the format (text by default, mdText for Markdown). */
export function skippedLines(skipped: readonly SkippedInput[], prefix = '', escape: (text: string) => string = escapeText): string[] {
  return skipped.map((s) => `${prefix}skipped input (could not be read or parsed): ${escape(`${s.file}: ${s.reason}`)}`);
}

/**
 * A JSON/YAML document with the skipped inputs: it gains `skippedFiles`. Only with
 * --skip-invalid, so the usual shapes stay as they are.
 */
export function withSkipped(document: OutputDocument, skipped: readonly SkippedInput[], skipInvalid: boolean | undefined): OutputDocument {
  if (!skipInvalid) return document;
  return { ...document, skippedFiles: skipped };
}

/**
 * Parser of a repeatable option (`-f a -f b`). Options never take several values at once
 * (`<path...>`): a variadic option would swallow the positional arguments that follow it.
 */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A repeatable option whose values may also be comma-separated lists (`--enable a,b --enable c`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

export const FILENAME_FLAGS = '-f, --filename <path>';

export function addManifestOptions(cmd: Command, required = true, options: { skipInvalid?: boolean } = {}): Command {
  const desc = 'manifests: a file, a directory (recursive) or - for stdin; YAML or JSON, kubectl List dumps and PolicyTest files; repeat -f for several';
  if (required) cmd.requiredOption(FILENAME_FLAGS, desc, collect);
  else cmd.option(FILENAME_FLAGS, desc, collect);
  addClusterInputOptions(cmd)
    .option('--dns <file>', 'DNS answers for toFQDNs: a YAML/JSON map name -> [addresses] (the FQDN cache)')
    .option('--dns-mode <mode>', 'shared: every node\'s DNS proxy saw the answers; learn: a node knows a name only if one of its pods may resolve it through the DNS proxy', 'shared')
    .option('-q, --quiet', 'do not print warnings about the input');
  if (options.skipInvalid !== false) cmd.option('--skip-invalid', SKIP_INVALID_HELP);
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
  /** how the model was built (to build another one from the same inputs) */
  readonly modelOptions: ModelOptions;
  /** `-n`: the namespace of objects and endpoints written without one */
  readonly namespace: string;
  /** true when an input could not be read or parsed */
  readonly inputFailed: boolean;
  /** input files left out (--skip-invalid) */
  readonly skipped: readonly SkippedInput[];
}

/** Reads manifests and DNS answers and builds the model; prints input problems to stderr. */
export function loadModel(ctx: CommandContext, opts: ManifestOptions): LoadedModel | undefined {
  const input = clusterInput(ctx, opts);
  if (!input) return undefined;
  const read = readWorkspace(opts.filename ?? []);
  const invalid = invalidInputs(read);
  if (invalid.length > 0 && !opts.skipInvalid && !opts.reportInvalid) {
    // no model for input that could not be read: say why and stop
    ctx.printDiagnostics(read.diagnostics, 'error');
    stopOnInvalid(ctx, invalid, false);
    return undefined;
  }
  // with --skip-invalid a file that failed is left out whole: part of a broken file is not its content
  const kept = opts.skipInvalid && invalid.length > 0 ? withoutFiles(read, new Set(read.failedFiles)) : read;
  const workspace: Workspace = { ...kept, objects: withDefaultNamespace(kept.objects, input.namespace) };
  let dnsAnswers: Record<string, string[]> = workspace.dns;
  const dnsDiagnostics: Diagnostic[] = [];
  if (opts.dns) {
    const dnsFile = readDnsFile(opts.dns);
    for (const x of dnsFile.diagnostics) dnsDiagnostics.push(x);
    dnsAnswers = mergeDns(dnsAnswers, dnsFile.answers);
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
  const modelOptions: ModelOptions = { dns: { answers: dnsAnswers, mode: effectiveMode }, maxReplicas: input.maxReplicas, settings };
  const model = buildModel(workspace.objects, modelOptions);
  const policyDiagnostics = new Set([...model.policies.diagnostics, ...model.admission.refused.flatMap((r) => r.diagnostics)]);
  const modelDiagnostics = opts.ownPolicyDiagnostics ? model.diagnostics.filter((d) => !policyDiagnostics.has(d)) : model.diagnostics;
  const inputDiagnostics = [...workspace.diagnostics, ...dnsDiagnostics, ...modelDiagnostics];
  ctx.printDiagnostics(inputDiagnostics, opts.quiet ? 'error' : 'warning');
  const dnsFailed = dnsDiagnostics.some((d) => d.severity === 'error');
  if (opts.reportInvalid) {
    const inputFailed = invalid.length > 0 || dnsFailed;
    if (inputFailed) ctx.fail(EXIT_USAGE);
    return { workspace, model, modelOptions, inputFailed, namespace: input.namespace, skipped: [] };
  }
  if (dnsFailed) {
    ctx.io.err(`error: the DNS answers file ${opts.dns} could not be read: no verdict without it`);
    ctx.fail(EXIT_USAGE);
    return undefined;
  }
  stopOnInvalid(ctx, invalid, true);
  return { workspace, model, modelOptions, inputFailed: false, namespace: input.namespace, skipped: invalid };
}

/** The workspace without the objects and tests of some files. */
function withoutFiles(ws: Workspace, files: ReadonlySet<string>): Workspace {
  return {
    ...ws,
    objects: ws.objects.filter((o) => !files.has(o.source?.file ?? '')),
    tests: ws.tests.filter((t) => !files.has(t.file)),
  };
}
