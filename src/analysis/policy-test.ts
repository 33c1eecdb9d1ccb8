/**
 * PolicyTest files (kind: PolicyTest, see docs/policy-test-format.md): a small cluster, its
 * policies and flows with expected verdicts. Runs each case through the engine and compares.
 */

import { dnsAnswersFrom } from '../policy/l7/index.js';
import { formatLocation, MODELLED_AGENT_OPTIONS, parseAgentSettings, type AgentSettings, type Diagnostic, type K8sObject, type SourceDocument } from '../cluster/index.js';
import type { FlowSpec } from '../engine/index.js';
import { explainFlow, type FlowExplanation } from '../explain/index.js';
import { parseFlowProtocol, type FlowProtocol } from '../net/index.js';
import { formatPolicyRef } from '../policy/entry.js';
import { nestedObjects } from '../policy/yaml-source.js';
import { ENDPOINT_KINDS, endpointKind, resolveFlow, type EndpointRef } from './flow-endpoint.js';
import { buildModel } from './model.js';

export type CaseStatus = 'pass' | 'fail' | 'skip';
export type Expectation = 'allow' | 'deny';

export interface SideResult {
  readonly expect?: Expectation | undefined;
  readonly actual?: Expectation | undefined;
}

export interface CaseResult {
  readonly name: string;
  readonly status: CaseStatus;
  readonly expect: Expectation | 'unsupported' | undefined;
  readonly actual?: Expectation | undefined;
  readonly egress?: SideResult | undefined;
  readonly ingress?: SideResult | undefined;
  readonly reason?: string | undefined;
  readonly explanation?: FlowExplanation | undefined;
  readonly location?: string | undefined;
  /** the flow the case describes (when it is valid), for running it elsewhere (`membrane lab test`) */
  readonly flow?: FlowSpec | undefined;
}

export interface FileResult {
  readonly file: string;
  readonly name: string;
  readonly error: string | null;
  /** the file could not be read or parsed (no verdict: `membrane test` exits 2) */
  readonly unreadable?: boolean;
  readonly rejected: { readonly expected: string[]; readonly actual: string[] };
  readonly cases: CaseResult[];
  /** problems in the input besides rejections (warnings included) */
  readonly diagnostics: Diagnostic[];
  /** the agent settings the cases were evaluated with (for running them elsewhere: `membrane lab test`) */
  readonly settings?: Partial<AgentSettings> | undefined;
}

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const CASE_FIELDS = ['name', 'from', 'to', 'protocol', 'port', 'icmpType', 'expect', 'egress', 'ingress', 'http', 'dns', 'description'];
const DOC_FIELDS = ['apiVersion', 'kind', 'metadata', 'resources', 'dns', 'settings', 'expectRejected', 'cases'];

export interface PolicyTestOptions {
  /** agent settings for every file (a file's own `settings` override them) */
  readonly settings?: Partial<AgentSettings> | undefined;
  /** manifests added to every test's resources (`membrane test -f`, e.g. generated policies) */
  readonly extra?: readonly K8sObject[] | undefined;
}

function endpointRef(v: unknown): EndpointRef | string {
  if (!isObj(v)) return 'must be an object like {pod: ns/name}';
  const keys = Object.keys(v);
  if (keys.length !== 1) return `must have exactly one of ${ENDPOINT_KINDS.join(', ')} (got ${keys.join(', ') || 'none'})`;
  const key = keys[0]!;
  const value = v[key];
  if (typeof value !== 'string') return `${key} must be a string`;
  const kind = endpointKind(key);
  if (!kind || kind !== key) return `unknown endpoint kind "${key}" (${ENDPOINT_KINDS.join(', ')})`;
  return { [kind]: value };
}

function httpRequest(v: unknown): FlowSpec['http'] | string {
  if (!isObj(v)) return 'http must be an object {method, path, host, headers}';
  const headers: Record<string, string> = {};
  if (isObj(v.headers)) for (const [k, val] of Object.entries(v.headers)) headers[k] = String(val);
  return {
    method: typeof v.method === 'string' ? v.method : 'GET',
    path: typeof v.path === 'string' ? v.path : '/',
    host: typeof v.host === 'string' ? v.host : undefined,
    headers,
  };
}

function rejectionKey(v: unknown): string | undefined {
  if (!isObj(v) || typeof v.kind !== 'string' || typeof v.name !== 'string') return undefined;
  return typeof v.namespace === 'string' && v.namespace !== '' ? `${v.kind}/${v.namespace}/${v.name}` : `${v.kind}/${v.name}`;
}

function sideResult(expect: unknown, actual: Expectation | undefined): SideResult | undefined {
  const e = expect === 'allow' || expect === 'deny' ? expect : undefined;
  if (e === undefined && actual === undefined) return undefined;
  return { expect: e, actual };
}

/** Runs one PolicyTest document. */
export function runPolicyTest(file: string, value: unknown, source: SourceDocument | undefined, options: PolicyTestOptions = {}): FileResult {
  const fail = (error: string, name = ''): FileResult => ({ file, name, error, rejected: { expected: [], actual: [] }, cases: [], diagnostics: [] });
  if (!isObj(value) || value.kind !== 'PolicyTest') return fail('not a PolicyTest document (kind: PolicyTest)');
  const meta = isObj(value.metadata) ? value.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const unknown = Object.keys(value).filter((k) => !DOC_FIELDS.includes(k));
  if (unknown.length > 0) {
    const loc = source?.locate([unknown[0]!]);
    return fail(`${loc ? `${formatLocation(loc)}: ` : ''}unknown field "${unknown[0]}" in PolicyTest (known: ${DOC_FIELDS.join(', ')})`, name);
  }
  let settings: Partial<AgentSettings> = { ...options.settings };
  if (value.settings !== undefined) {
    const read = parseAgentSettings(value.settings);
    if (read.problems.length > 0 || read.ignored.length > 0) {
      const key = read.problems[0]?.key ?? read.ignored[0] ?? '';
      const loc = source?.locate(key ? ['settings', key] : ['settings']);
      const why = read.problems[0]?.message ?? `unknown agent option "${key}" (known: ${MODELLED_AGENT_OPTIONS.join(', ')})`;
      return fail(`${loc ? `${formatLocation(loc)}: ` : ''}settings: ${why}`, name);
    }
    settings = { ...settings, ...read.settings };
  }
  const own: K8sObject[] = source ? nestedObjects(source, value.resources, ['resources']) : (Array.isArray(value.resources) ? value.resources.filter(isObj).map((v) => ({ value: v })) : []);
  const extra = options.extra ?? [];
  const resources = extra.length > 0 ? [...own, ...extra] : own;
  const dns = dnsAnswersFrom(value.dns);
  // objects the API server would refuse do not count here either (policy/kinds.ts)
  const model = buildModel(resources, { dns: { answers: Object.fromEntries(dns), mode: 'learn' }, settings });
  const { cluster, engine } = model;
  const loaded = model.policies;
  const diagnostics: Diagnostic[] = [...model.diagnostics];
  const expectedRejected = (Array.isArray(value.expectRejected) ? value.expectRejected : []).map(rejectionKey).filter((k): k is string => !!k).sort();
  const actualRejected = [...new Set(loaded.rejected.map((r) => formatPolicyRef(r.ref)))].sort();
  const cases: CaseResult[] = [];
  const list = Array.isArray(value.cases) ? value.cases : [];
  list.forEach((raw, i) => {
    const loc = source?.locate(['cases', i]);
    const location = loc ? formatLocation(loc) : undefined;
    if (!isObj(raw)) {
      cases.push({ name: `case ${i}`, status: 'fail', expect: undefined, reason: 'a case must be an object', location });
      return;
    }
    const caseName = typeof raw.name === 'string' ? raw.name : `case ${i}`;
    const bad = (reason: string): void => void cases.push({ name: caseName, status: 'fail', expect: undefined, reason, location });
    const unknownField = Object.keys(raw).find((k) => !CASE_FIELDS.includes(k));
    if (unknownField) return bad(`unknown field "${unknownField}" (known: ${CASE_FIELDS.join(', ')})`);
    const expect = raw.expect;
    if (expect === 'unsupported') {
      cases.push({ name: caseName, status: 'skip', expect: 'unsupported', reason: 'the case is marked unsupported: outside what the expected answers could be computed for', location });
      return;
    }
    if (expect !== 'allow' && expect !== 'deny') return bad(`expect must be allow, deny or unsupported (got ${JSON.stringify(expect)})`);
    const protocol: FlowProtocol | undefined = raw.protocol === undefined ? 'TCP' : parseFlowProtocol(String(raw.protocol));
    if (!protocol) return bad(`unknown protocol ${JSON.stringify(raw.protocol)} (TCP, UDP, SCTP, ICMP, ICMPv6)`);
    const icmp = protocol === 'ICMP' || protocol === 'ICMPv6';
    const port = icmp ? raw.icmpType : raw.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      return bad(icmp ? 'ICMP cases need icmpType (a number)' : 'a case needs port (0-65535)');
    }
    const fromRef = endpointRef(raw.from);
    const toRef = endpointRef(raw.to);
    if (typeof fromRef === 'string') return bad(`from ${fromRef}`);
    if (typeof toRef === 'string') return bad(`to ${toRef}`);
    let http: FlowSpec['http'];
    if (raw.http !== undefined) {
      const parsed = httpRequest(raw.http);
      if (typeof parsed === 'string') return bad(parsed);
      http = parsed;
    }
    const dnsQuery = isObj(raw.dns) && typeof raw.dns.query === 'string' ? { query: raw.dns.query } : undefined;
    if (raw.dns !== undefined && !dnsQuery) return bad('dns must be {query: NAME}');
    const resolved = resolveFlow({ from: fromRef, to: toRef, protocol, port, http, dns: dnsQuery }, cluster, dns);
    if (!resolved.ok) return bad(`${resolved.side}: ${resolved.error}`);
    const verdict = engine.evaluate(resolved.flow);
    const egress = sideResult(raw.egress, verdict.egress?.verdict);
    const ingress = sideResult(raw.ingress, verdict.ingress?.verdict);
    const mismatches: string[] = [];
    if (verdict.verdict !== expect) mismatches.push(`expected ${expect}, got ${verdict.verdict}`);
    if (egress?.expect !== undefined && egress.expect !== egress.actual) mismatches.push(`egress: expected ${egress.expect}, got ${egress.actual ?? 'not enforced (the source is not a pod)'}`);
    if (ingress?.expect !== undefined && ingress.expect !== ingress.actual) mismatches.push(`ingress: expected ${ingress.expect}, got ${ingress.actual ?? 'not enforced (the destination is not a pod)'}`);
    const explanation = explainFlow(verdict);
    (explanation.notes as string[]).unshift(...resolved.notes);
    cases.push({
      name: caseName,
      status: mismatches.length === 0 ? 'pass' : 'fail',
      expect,
      actual: verdict.verdict,
      egress,
      ingress,
      reason: mismatches.length > 0 ? mismatches.join('; ') : undefined,
      explanation,
      location,
      flow: resolved.flow,
    });
  });
  return {
    file,
    name,
    error: null,
    rejected: { expected: expectedRejected, actual: actualRejected },
    cases,
    diagnostics,
    settings,
  };
}

export function rejectionMismatch(r: FileResult): boolean {
  return r.rejected.expected.join('\n') !== r.rejected.actual.join('\n');
}

export function summarize(results: readonly FileResult[]): TestSummary {
  const summary: TestSummary = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    if (r.error !== null || rejectionMismatch(r)) summary.failed++;
    for (const c of r.cases) {
      if (c.status === 'pass') summary.passed++;
      else if (c.status === 'fail') summary.failed++;
      else summary.skipped++;
    }
  }
  return summary;
}
