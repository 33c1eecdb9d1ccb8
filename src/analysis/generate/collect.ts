/**
 * What `membrane generate` learns from a recording: every record Cilium recorded as allowed,
 * folded into classes of equal records (same sides, peers, protocol, port and L7 request),
 * plus the DNS answers, and the order they came in (one 32-bit class id per record, so the
 * recording can be replayed against generated policies without reading it again).
 *
 * Fed by the Replayer's `onAllowed` and `onDnsAnswer` hooks, which resolve endpoints and
 * identities exactly as replay does.
 */

import type { Identity } from '../../cluster/index.js';
import type { DecisionKind, ObservedFlow } from '../hubble-flow.js';
import type { AllowedObservation, DnsAnswerObservation, ObservedSide } from '../replay.js';

export interface FlowClass {
  readonly id: number;
  readonly flow: ObservedFlow;
  /** `decision`: an allowed record; `dns`: a DNS answer (teaches the FQDN cache when replayed) */
  readonly type: 'decision' | 'dns';
  readonly kind: DecisionKind;
  readonly sides: readonly ObservedSide[];
  /** DNS answers: the client, the name and its addresses */
  readonly dns?: { readonly client: Identity | undefined; readonly query: string; readonly ips: readonly string[] } | undefined;
  /** records of this class */
  count: number;
  /** position of the first record (in recording order) */
  readonly first: number;
  readonly location: string | undefined;
}

const DIRECTIONS = { EGRESS: 0, INGRESS: 1, UNKNOWN: 2 } as const;

export class FlowCollector {
  readonly classes: FlowClass[] = [];
  /** L3/L4 classes: direction and source end -> destination end -> protocol*65536+port (small-integer keys) */
  private readonly l4 = new Map<number, Map<number, Map<number, FlowClass>>>();
  /** L7 classes and DNS answers, by text key */
  private readonly byKey = new Map<string, FlowClass>();
  private seq = new Int32Array(1 << 16);
  private length = 0;

  /** class ids in recording order */
  get sequence(): Int32Array {
    return this.seq.subarray(0, this.length);
  }

  readonly onAllowed = (o: AllowedObservation): void => {
    if (o.l7key === undefined) {
      const outer = o.sourceEnd * 4 + DIRECTIONS[o.direction];
      let byDestination = this.l4.get(outer);
      if (!byDestination) this.l4.set(outer, (byDestination = new Map()));
      let byPort = byDestination.get(o.destinationEnd);
      if (!byPort) byDestination.set(o.destinationEnd, (byPort = new Map()));
      let c = byPort.get(o.protoPort);
      if (!c) byPort.set(o.protoPort, (c = this.add(this.observed(o))));
      this.count(c);
      return;
    }
    this.push(`${o.direction}|${o.sourceEnd}|${o.destinationEnd}|${o.protoPort}|${o.l7key}`, () => this.observed(o));
  };

  private observed(o: AllowedObservation): Omit<FlowClass, 'id' | 'count' | 'first'> {
    return {
      type: 'decision',
      // a copy whose time is not a slice of its line (the class outlives the line)
      flow: { ...o.flow, time: o.flow.time === undefined ? undefined : (`'${o.flow.time}`).slice(1) },
      kind: o.kind,
      sides: o.sides(),
      location: o.file !== undefined ? `${o.file}${o.line !== undefined ? `:${o.line}` : ''}` : undefined,
    };
  }

  readonly onDnsAnswer = (a: DnsAnswerObservation): void => {
    this.push(`dns|${a.key}`, () => ({
      type: 'dns',
      flow: a.flow,
      kind: 'dns',
      sides: [],
      dns: { client: a.client, query: a.query, ips: a.ips },
      location: undefined,
    }));
  };

  private push(key: string, make: () => Omit<FlowClass, 'id' | 'count' | 'first'>): void {
    let c = this.byKey.get(key);
    if (!c) this.byKey.set(key, (c = this.add(make())));
    this.count(c);
  }

  private add(fields: Omit<FlowClass, 'id' | 'count' | 'first'>): FlowClass {
    const c: FlowClass = { ...fields, id: this.classes.length, count: 0, first: this.length };
    this.classes.push(c);
    return c;
  }

  /** One more record of class `c`, in recording order. */
  private count(c: FlowClass): void {
    c.count++;
    if (this.length === this.seq.length) {
      const grown = new Int32Array(this.seq.length * 2);
      grown.set(this.seq);
      this.seq = grown;
    }
    this.seq[this.length++] = c.id;
  }

  /** Records of each class before `end` (the learning part of a holdout). */
  countsBefore(end: number): Uint32Array {
    const counts = new Uint32Array(this.classes.length);
    const seq = this.seq;
    for (let i = 0; i < end; i++) {
      const id = seq[i]!;
      counts[id] = counts[id]! + 1;
    }
    return counts;
  }
}
