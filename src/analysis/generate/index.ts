/**
 * `membrane generate`: least-privilege CiliumNetworkPolicies from recorded Hubble flows,
 * verified before they are written.
 *
 *   1. The recording streams through a Replayer (same parsing, relevance, endpoint and identity
 *      resolution as `membrane replay`); every record Cilium recorded as allowed is folded
 *      into a class (./collect.ts), DNS answers too, and the order is kept.
 *   2. Policies are built from the classes (./build.ts) and rendered to YAML (./yaml.ts).
 *   3. Verification: the YAML is read back like any manifest, added to the cluster and its
 *      existing policies, and the recording is replayed against them in its order (DNS
 *      answers teach the FQDN cache as they come). A flow dropped only because its address
 *      was used before a DNS answer named it gets a CIDR rule instead, and the policies are
 *      built again (at most a few rounds).
 *   4. With a holdout, policies are learned from the first part of the recording and the rest
 *      is replayed against them: how many later flows would be dropped, per workload.
 */

import type { K8sObject } from '../../cluster/index.js';
import { parseText } from '../../policy/yaml-source.js';
import { buildModel, type Model, type ModelOptions } from '../model.js';
import { Replayer, type JudgedRecord, type ReplayReport } from '../replay.js';
import { buildPolicies, type GenerateOptions, type GeneratedPolicy } from './build.js';
import { FlowCollector, type FlowClass } from './collect.js';
import { policiesYaml } from './yaml.js';

export { buildPolicies, policyObject, stableSelector, type GenerateOptions, type GeneratedPolicy, type GeneratedRule } from './build.js';
export { FlowCollector, type FlowClass } from './collect.js';
export { policiesYaml, policyYaml } from './yaml.js';

export interface PolicyGeneratorOptions extends GenerateOptions {
  /** the fraction of the recording (its end) kept out of learning and replayed against the result, 0..1 */
  readonly holdout?: number | undefined;
  /** judge trace events (default true) */
  readonly traces?: boolean | undefined;
  /** input names (for the report and the YAML header) */
  readonly inputs?: readonly string[] | undefined;
  readonly onProgress?: ((flows: number) => void) | undefined;
}

export interface WorkloadStability {
  readonly workload: string;
  /** flows of the held-out part where this workload enforces */
  readonly flows: number;
  readonly dropped: number;
}

export interface VerificationResult {
  /** allowed flows replayed */
  readonly flows: number;
  /** of those, dropped by the generated (plus existing) policies */
  readonly dropped: number;
  /** per workload: flows where it enforces, and those dropped where its side decided */
  readonly byWorkload: readonly WorkloadStability[];
  /** the replay of each kind of flow (each class once per state of the FQDN caches): the deciding rules of the drops */
  readonly report: ReplayReport;
  /** generated policies the loader rejected (a bug if ever non-empty) */
  readonly rejected: readonly string[];
}

export interface GenerateResult {
  readonly policies: readonly GeneratedPolicy[];
  /** namespace -> YAML */
  readonly files: ReadonlyMap<string, string>;
  /** the recording as replay saw it under the existing policies */
  readonly recording: ReplayReport;
  /** allowed records learned from */
  readonly learnedFlows: number;
  readonly verification: VerificationResult;
  /** outside addresses written as CIDRs because they were used before a DNS answer named them */
  readonly cidrFallbacks: readonly string[];
  readonly holdout?: {
    readonly fraction: number;
    readonly verification: VerificationResult;
    readonly byWorkload: readonly WorkloadStability[];
  } | undefined;
}

const MAX_ROUNDS = 4;

export class PolicyGenerator {
  private readonly collector = new FlowCollector();
  private readonly replayer: Replayer;
  /** replay each class once when no DNS answer can change verdicts (false: record by record; tests compare both) */
  private readonly verifyByClass: boolean = true;

  /**
   * @param base the cluster objects and the existing policies (they stay in force)
   * @param model the model built from `base`
   */
  constructor(
    private readonly base: readonly K8sObject[],
    private readonly model: Model,
    private readonly modelOptions: ModelOptions,
    private readonly options: PolicyGeneratorOptions = {},
  ) {
    this.replayer = new Replayer(model, {
      examples: 0,
      evaluate: false,
      traces: options.traces,
      inputs: options.inputs,
      onAllowed: this.collector.onAllowed,
      onDnsAnswer: this.collector.onDnsAnswer,
      onProgress: options.onProgress,
    });
  }

  /** The text fast path (Replayer.fastPath): replies, trace events that are not decisions, repeated trace events. */
  get fastPath(): (line: string) => unknown {
    return this.replayer.fastPath;
  }

  /** A parsed record of the recording (see Replayer.addRecord). */
  addRecord(value: unknown, file?: string, line?: number): void {
    this.replayer.addRecord(value, file, line);
  }

  addMalformed(location: string, message: string): void {
    this.replayer.addMalformed(location, message);
  }

  finish(): GenerateResult {
    const recording = this.replayer.report();
    const classes = this.collector.classes;
    const sequence = this.collector.sequence;
    const total = sequence.length;
    const fraction = this.options.holdout ?? 0;
    const split = fraction > 0 ? Math.floor(total * (1 - fraction)) : total;
    const counts = this.collector.countsBefore(split);
    const identities = this.model.cluster.identities.all();
    const header = `Generated by membrane generate from ${(this.options.inputs ?? []).join(', ') || 'recorded flows'}.`;

    const cidrOnly = new Set<string>();
    let policies: GeneratedPolicy[] = [];
    let files = new Map<string, string>();
    let verification: VerificationResult | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      policies = buildPolicies({ classes, counts, identities, cidrOnly }, this.options);
      files = policiesYaml(policies, header);
      const dropped = new Set<number>();
      verification = this.verify(files, 0, split, dropped);
      if (verification.dropped === 0) break;
      // addresses used before a DNS answer named them: CIDR rules instead of toFQDNs
      let added = 0;
      for (const id of dropped) {
        for (const side of classes[id]!.sides) {
          if (side.direction === 'egress' && side.peerIp !== undefined && !cidrOnly.has(side.peerIp)) {
            cidrOnly.add(side.peerIp);
            added++;
          }
        }
      }
      if (added === 0) break;
    }

    let holdout: GenerateResult['holdout'];
    if (fraction > 0) {
      const v = this.verify(files, split, total, new Set());
      holdout = { fraction, verification: v, byWorkload: v.byWorkload };
    }
    let learnedFlows = 0;
    for (const c of classes) if (c.type === 'decision') learnedFlows += counts[c.id] ?? 0;
    return { policies, files, recording, learnedFlows, verification: verification!, cidrFallbacks: [...cidrOnly].sort(), holdout };
  }

  /** Replays the records in [from, to) (and every DNS answer, in order) against the generated plus existing policies. */
  private verify(files: ReadonlyMap<string, string>, from: number, to: number, dropped: Set<number>): VerificationResult {
    const generated: K8sObject[] = [];
    for (const [ns, text] of files) generated.push(...parseText(text, `generated/${ns}.yaml`).objects);
    const model = buildModel([...this.base, ...generated], this.modelOptions);
    const rejected = model.policies.rejected
      .filter((r) => r.ref.source?.file.startsWith('generated/'))
      .map((r) => `${r.ref.namespace ?? ''}/${r.ref.name}`);
    const classes: readonly FlowClass[] = this.collector.classes;
    let judged: JudgedRecord | undefined;
    const replayer = new Replayer(model, {
      examples: 1,
      traces: this.options.traces,
      dedupConnections: false,
      onJudged: (r) => {
        judged = r;
      },
    });
    // a kind of flow gets the same verdict until a DNS answer teaches a node something: each
    // class is replayed once per state of the FQDN caches, and its verdict reused in between
    const evaluatedAt = new Int32Array(classes.length).fill(-1);
    const deniedSide = new Array<string | undefined>(classes.length);
    const workloads = new Map<string, { flows: number; dropped: number }>();
    const workload = (name: string): { flows: number; dropped: number } => {
      let w = workloads.get(name);
      if (!w) workloads.set(name, (w = { flows: 0, dropped: 0 }));
      return w;
    };
    const sequence = this.collector.sequence;
    let flows = 0;
    let droppedFlows = 0;
    if (this.verifyByClass && !classes.some((c) => c.type === 'dns')) {
      // no DNS answer changes a verdict on the way: each class once, in the order of its
      // first record in [from, to), its records counted together (as the loop below would)
      const inRange = new Uint32Array(classes.length);
      const order: number[] = [];
      for (let i = from; i < to; i++) {
        const id = sequence[i]!;
        if (inRange[id]++ === 0) order.push(id);
      }
      for (const id of order) {
        const c = classes[id]!;
        const n = inRange[id]!;
        flows += n;
        judged = undefined;
        replayer.add(c.flow, undefined, c.id);
        const denied = judged && (judged as JudgedRecord).verdict === 'deny' ? (judged as JudgedRecord).side : undefined;
        for (const side of c.sides) workload(side.subject.name).flows += n;
        if (denied === undefined) continue;
        droppedFlows += n;
        dropped.add(c.id);
        const by = c.sides.find((s) => s.direction === denied) ?? c.sides[0];
        if (by) workload(by.subject.name).dropped += n;
      }
    } else for (let i = 0; i < sequence.length; i++) {
      const c = classes[sequence[i]!]!;
      if (c.type === 'dns') {
        replayer.add(c.flow);
        continue;
      }
      if (i < from || i >= to) continue;
      flows++;
      const generation = replayer.fqdnGeneration;
      if (evaluatedAt[c.id] !== generation) {
        judged = undefined;
        replayer.add(c.flow, undefined, c.id);
        evaluatedAt[c.id] = generation;
        deniedSide[c.id] = judged && (judged as JudgedRecord).verdict === 'deny' ? (judged as JudgedRecord).side : undefined;
      }
      for (const side of c.sides) workload(side.subject.name).flows++;
      const denied = deniedSide[c.id];
      if (denied === undefined) continue;
      droppedFlows++;
      dropped.add(c.id);
      const by = c.sides.find((s) => s.direction === denied) ?? c.sides[0];
      if (by) workload(by.subject.name).dropped++;
    }
    const report = replayer.report();
    const byWorkload = [...workloads.entries()]
      .map(([name, w]) => ({ workload: name, flows: w.flows, dropped: w.dropped }))
      .sort((a, b) => b.dropped - a.dropped || b.flows - a.flows || a.workload.localeCompare(b.workload));
    return { flows, dropped: droppedFlows, byWorkload, report, rejected };
  }
}
