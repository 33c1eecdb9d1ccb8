/**
 * One `PortRuleHTTP` (pkg/policy/api/http.go) as Envoy enforces it: the agent validates it
 * (`PortRuleHTTP.Sanitize`), translates it to Envoy header matchers
 * (pkg/envoy/policy/envoy_l7_rules_translator.go `getHTTPRule`), and cilium-envoy evaluates
 * them (cilium/proxy `cilium/network_policy.cc`, `HttpNetworkPolicyRule`, `HeaderMatch`).
 *
 * A rule matches a request when every field it sets matches (an empty rule matches all):
 * - `method`, `path`, `host`: RE2 *full* matches (re2.ts) on `:method` (case-sensitive),
 *   `:path` after Envoy's normalisation, query string included (http-path.ts), and
 *   `:authority` (the Host header as sent: port included, case-sensitive; absent = no match).
 * - `headers`: each entry is split at its first space. `"Name"` requires the header;
 *   `"Name value"` and `"Name: value"` (trailing `:`s trimmed from the name) require that exact
 *   value. `"Name:value"` has no space, so it asks for a header literally named `name:value`,
 *   which cannot exist: it never matches. Names are case-insensitive; repeated headers are
 *   joined with `,` before comparing; values are never regexes.
 * - `headerMatches`: with a value and no `mismatch`, an exact match; with neither value nor
 *   secret, a presence match. With a `mismatch` action (LOG, ADD, DELETE, REPLACE) the entry
 *   never fails the rule: after the other checks pass, cilium-envoy logs the mismatch and
 *   edits the request (ADD appends the value, DELETE removes a header with a wrong value,
 *   REPLACE sets the value), and later rules see the edited request. We report these edits as
 *   `actions`. A `secret` value comes from a Kubernetes Secret, which Membrane cannot read:
 *   with an inline `value` too we use that value (Cilium's fallback when the Secret is
 *   missing), without one the entry never matches (Cilium's result for a missing Secret).
 */

import { normalizeHttpPath, type PathNormalization, type PathNormalizationOptions } from './http-path.js';
import { compileRe2, type Re2Matcher } from './re2.js';

export type HeaderMismatchAction = 'LOG' | 'ADD' | 'DELETE' | 'REPLACE';

export interface HttpHeaderMatchSpec {
  name: string;
  value?: string | undefined;
  secret?: { namespace?: string | undefined; name: string } | undefined;
  /** `LOG | ADD | DELETE | REPLACE`, or empty: the rule fails on a mismatch */
  mismatch?: HeaderMismatchAction | '' | (string & {}) | undefined;
}

export interface HttpRuleSpec {
  method?: string | undefined;
  path?: string | undefined;
  host?: string | undefined;
  headers?: string[] | undefined;
  headerMatches?: HttpHeaderMatchSpec[] | undefined;
}

export interface HttpRequest {
  method: string;
  /** the request target as sent (origin form), query string included */
  path: string;
  /** the Host header / `:authority`; when absent, a `Host` entry of `headers` is used */
  host?: string | undefined;
  /** header values by name (any case); a list for a repeated header */
  headers?: Record<string, string | string[]> | undefined;
}

export type HttpRuleField = 'method' | 'path' | 'host' | 'headers' | 'headerMatches';

export interface HttpRuleIssue {
  /** the top-level field of the rule at fault */
  readonly field: HttpRuleField;
  /** the full path inside the rule, e.g. `['headerMatches', 1, 'mismatch']` */
  readonly path: readonly (string | number)[];
  /** Cilium's (or Envoy's) error text */
  readonly message: string;
  /** `agent`: Cilium refuses the policy. `envoy`: the agent accepts it, Envoy refuses the config. */
  readonly source: 'agent' | 'envoy';
  readonly severity: 'error' | 'warning';
}

export interface HttpMismatch {
  readonly field: 'method' | 'path' | 'host' | 'header';
  readonly detail: string;
}

export interface HttpHeaderAction {
  readonly field: 'header';
  /** header name as written in the rule */
  readonly name: string;
  readonly action: HeaderMismatchAction;
  /** what happens to the request */
  readonly effect: 'none' | 'add' | 'remove' | 'set';
  /** the value added or set */
  readonly value?: string | undefined;
  readonly detail: string;
}

export interface HttpMatchResult {
  readonly matched: boolean;
  /** why the rule does not match (every failing check, not only the first) */
  readonly mismatches: readonly HttpMismatch[];
  /** header edits cilium-envoy makes for `headerMatches` with a mismatch action (only when the rule matched) */
  readonly actions: readonly HttpHeaderAction[];
  /** assumptions Membrane had to make (Secrets it cannot read) */
  readonly notes: readonly string[];
  /** the `:path` the rule was matched against */
  readonly path: PathNormalization;
}

// ---------------------------------------------------------------- compiled form

interface RegexCheck {
  readonly source: string;
  readonly matcher?: Re2Matcher | undefined;
  /** compile error: the rule can never match */
  readonly error?: string | undefined;
}

/** An Envoy `HeaderMatcher`: from `headers`, or a `headerMatches` entry without mismatch action. */
type HeaderCheck =
  | { readonly kind: 'present'; readonly key: string; readonly display: string }
  | { readonly kind: 'exact'; readonly key: string; readonly display: string; readonly value: string }
  | { readonly kind: 'never'; readonly display: string; readonly reason: string };

/** A cilium `HeaderMatch`: a `headerMatches` entry with a mismatch action. */
interface HeaderActionCheck {
  readonly key: string;
  readonly display: string;
  /** '' = presence */
  readonly value: string;
  readonly action: HeaderMismatchAction;
}

export interface CompiledHttpRule {
  readonly spec: Readonly<HttpRuleSpec>;
  /** describeHttpRule(spec) */
  readonly text: string;
  /** the rule sets no field: it matches every request */
  readonly matchesAll: boolean;
  /** agent errors and Envoy rejections (validateHttpRule with Envoy checks) */
  readonly issues: readonly HttpRuleIssue[];
  readonly method?: RegexCheck | undefined;
  readonly path?: RegexCheck | undefined;
  readonly host?: RegexCheck | undefined;
  readonly headerChecks: readonly HeaderCheck[];
  readonly headerActions: readonly HeaderActionCheck[];
  /** assumptions made when compiling (Secrets) */
  readonly notes: readonly string[];
}

const ACTIONS: readonly string[] = ['LOG', 'ADD', 'DELETE', 'REPLACE'];

/** Envoy's RE2 `max_program_size` error level (runtime `re2.max_program_size.error_level`, default 100). */
export const ENVOY_RE2_MAX_PROGRAM_SIZE = 100;

function q(s: string): string {
  return JSON.stringify(s);
}

function regexCheck(source: string | undefined): RegexCheck | undefined {
  if (source === undefined || source === '') return undefined;
  const r = compileRe2(source);
  return r.ok ? { source, matcher: r.matcher } : { source, error: r.error };
}

function secretRef(secret: { namespace?: string | undefined; name: string }): string {
  return `${secret.namespace ? secret.namespace : '<policy namespace>'}/${secret.name}`;
}

/** Splits a `headers` entry as the translator does (`strings.SplitN(hdr, " ", 2)`). */
function headerEntryCheck(entry: string): HeaderCheck {
  const space = entry.indexOf(' ');
  if (space >= 0) {
    let name = entry.slice(0, space);
    while (name.endsWith(':')) name = name.slice(0, -1);
    const value = entry.slice(space + 1);
    if (name === '') return { kind: 'never', display: entry, reason: `headers entry ${q(entry)} has an empty header name (Envoy refuses it)` };
    return { kind: 'exact', key: name.toLowerCase(), display: name, value };
  }
  if (entry === '') return { kind: 'never', display: entry, reason: 'headers entry "" has an empty header name (Envoy refuses it)' };
  const colon = entry.indexOf(':', 1);
  if (colon > 0) {
    const rest = entry.slice(colon + 1);
    const fix = rest === '' ? entry.slice(0, colon) : `${entry.slice(0, colon)}: ${rest}`;
    return {
      kind: 'never',
      display: entry,
      reason: `headers entry ${q(entry)} has no space, so it requires a header literally named ${q(entry.toLowerCase())}, which cannot exist (write ${q(fix)})`,
    };
  }
  return { kind: 'present', key: entry.toLowerCase(), display: entry };
}

/** Compiles a rule once; `matchHttpRule` then runs without further parsing. */
export function compileHttpRule(spec: HttpRuleSpec): CompiledHttpRule {
  const headerChecks: HeaderCheck[] = (spec.headers ?? []).map(headerEntryCheck);
  const headerActions: HeaderActionCheck[] = [];
  const notes: string[] = [];

  (spec.headerMatches ?? []).forEach((hm, i) => {
    const display = hm.name;
    const key = hm.name.toLowerCase();
    const mismatch = hm.mismatch ?? '';
    if (hm.name === '') {
      headerChecks.push({ kind: 'never', display: `headerMatches[${i}]`, reason: `headerMatches[${i}] has no header name (Cilium refuses the policy)` });
      return;
    }
    if (mismatch !== '' && !ACTIONS.includes(mismatch)) {
      headerChecks.push({ kind: 'never', display, reason: `headerMatches[${i}] has an invalid mismatch action ${q(mismatch)} (Cilium refuses the policy)` });
      return;
    }
    const value = hm.value ?? '';
    if (hm.secret) {
      if (value === '') {
        // Translator: the Secret cannot be fetched and there is no value -> an Envoy matcher that never matches.
        headerChecks.push({
          kind: 'never',
          display,
          reason: `header ${q(display)} must equal the value of Secret ${secretRef(hm.secret)}, which Membrane cannot read: treated as never matching (as Cilium does when the Secret is missing)`,
        });
        return;
      }
      notes.push(`header ${q(display)}: Membrane cannot read Secret ${secretRef(hm.secret)}; using the inline value ${q(value)} (Cilium uses the Secret's value when the Secret exists)`);
    }
    if (mismatch === '') {
      headerChecks.push(value === '' ? { kind: 'present', key, display } : { kind: 'exact', key, display, value });
    } else {
      headerActions.push({ key, display, value, action: mismatch as HeaderMismatchAction });
    }
  });

  const method = regexCheck(spec.method);
  const path = regexCheck(spec.path);
  const host = regexCheck(spec.host);
  return {
    spec,
    text: describeHttpRule(spec),
    matchesAll: !method && !path && !host && headerChecks.length === 0 && headerActions.length === 0,
    issues: validateHttpRule(spec, { includeEnvoy: true }),
    method,
    path,
    host,
    headerChecks,
    headerActions,
    notes,
  };
}

// ---------------------------------------------------------------- validation

export interface ValidateHttpRuleOptions {
  /**
   * Also report what the agent accepts but Envoy refuses (the endpoint's whole policy update
   * is NACKed, cilium/cilium#41314): host regexes that do not compile, regexes RE2 refuses,
   * RE2 program sizes over Envoy's limit (or unknown: Unicode classes), empty header names.
   * Off by default: a caller treating every issue as a rejected policy gets exactly the
   * agent's errors.
   */
  readonly includeEnvoy?: boolean;
}

/**
 * `PortRuleHTTP.Sanitize` (path and method must compile as Go regexps; headerMatches need a
 * name, a known action and a Secret name), in Cilium's order and words. Cilium stops at the
 * first; we return them all.
 */
export function validateHttpRule(spec: HttpRuleSpec, options: ValidateHttpRuleOptions = {}): HttpRuleIssue[] {
  const out: HttpRuleIssue[] = [];
  const agent = (field: HttpRuleField, path: (string | number)[], message: string): void => {
    out.push({ field, path, message, source: 'agent', severity: 'error' });
  };
  for (const field of ['path', 'method'] as const) {
    const source = spec[field];
    if (source === undefined || source === '') continue;
    const r = compileRe2(source);
    if (!r.ok) agent(field, [field], r.error);
  }
  (spec.headerMatches ?? []).forEach((hm, i) => {
    if (!hm.name) agent('headerMatches', ['headerMatches', i, 'name'], 'Header name missing');
    const m = hm.mismatch ?? '';
    if (m !== '' && !ACTIONS.includes(m)) agent('headerMatches', ['headerMatches', i, 'mismatch'], `Invalid header action: ${m}`);
    if (hm.secret && !hm.secret.name) agent('headerMatches', ['headerMatches', i, 'secret', 'name'], 'Secret name missing');
  });
  if (options.includeEnvoy) out.push(...envoyIssues(spec));
  return out;
}

function envoyIssues(spec: HttpRuleSpec): HttpRuleIssue[] {
  const out: HttpRuleIssue[] = [];
  const envoy = (field: HttpRuleField, path: (string | number)[], message: string, severity: 'error' | 'warning' = 'error'): void => {
    out.push({ field, path, message, source: 'envoy', severity });
  };
  for (const field of ['path', 'method', 'host'] as const) {
    const source = spec[field];
    if (source === undefined || source === '') continue;
    const r = compileRe2(source);
    if (!r.ok) {
      // path/method errors are already agent errors; host is only compiled by Envoy.
      if (field === 'host') {
        envoy(field, [field], `Envoy refuses the host regex (${r.error}); the agent accepts the policy, Envoy rejects the network policy of every endpoint it applies to`);
      }
      continue;
    }
    if (r.matcher.envoyError) {
      envoy(field, [field], `Envoy's RE2 refuses the ${field} regex ${q(source)}: ${r.matcher.envoyError}`);
    } else if (!r.matcher.programSizeExact) {
      envoy(field, [field],
        `the ${field} regex ${q(source)} uses a Unicode class (\\p{...}), whose RE2 program size Membrane does not compute; Envoy refuses regexes over ${ENVOY_RE2_MAX_PROGRAM_SIZE} (re2.max_program_size.error_level) and then rejects the endpoint's network policy, so Membrane treats it as refused`,
        'warning');
    } else if (r.matcher.programSize > ENVOY_RE2_MAX_PROGRAM_SIZE) {
      envoy(field, [field],
        `the ${field} regex ${q(source)} has an RE2 program size of ${r.matcher.programSize}; Envoy refuses regexes over ${ENVOY_RE2_MAX_PROGRAM_SIZE} (re2.max_program_size.error_level) and then rejects the endpoint's network policy`,
        'warning');
    }
  }
  (spec.headers ?? []).forEach((entry, i) => {
    const space = entry.indexOf(' ');
    let name = space >= 0 ? entry.slice(0, space) : entry;
    if (space >= 0) while (name.endsWith(':')) name = name.slice(0, -1);
    if (name === '') envoy('headers', ['headers', i], `headers entry ${q(entry)} has an empty header name, which Envoy refuses`);
  });
  return out;
}

// ---------------------------------------------------------------- matching

export type MatchHttpRuleOptions = PathNormalizationOptions & {
  /** false: only decide whether the rule matches (no mismatch texts, no header actions) */
  readonly details?: boolean;
};

type HeaderMap = Map<string, string[]>;

function trimOws(v: string): string {
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  if (first !== 32 && first !== 9 && last !== 32 && last !== 9) return v;
  return v.replace(/^[ \t]+|[ \t]+$/g, '');
}

function headerMap(request: HttpRequest): HeaderMap {
  const map: HeaderMap = new Map();
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const key = name.toLowerCase();
    const values = (Array.isArray(value) ? value : [value]).map(trimOws);
    map.set(key, [...(map.get(key) ?? []), ...values]);
  }
  return map;
}

function joined(values: string[] | undefined): string | undefined {
  return values === undefined ? undefined : values.join(',');
}

/** One header of a request as the header map joins it (name lower-case), without building the map. */
function headerValue(request: HttpRequest, key: string): string | undefined {
  let values: string[] | undefined;
  const headers = request.headers;
  if (headers) {
    for (const name in headers) {
      if (!Object.hasOwn(headers, name) || name.toLowerCase() !== key) continue;
      const value = headers[name]!;
      for (const v of Array.isArray(value) ? value : [value]) (values ??= []).push(trimOws(v));
    }
  }
  return joined(values);
}

/** The request's `:authority`: `host`, else its Host header. */
export function requestAuthority(request: HttpRequest): string | undefined {
  if (request.host !== undefined) return request.host;
  const map = headerMap(request);
  return joined(map.get(':authority') ?? map.get('host'));
}

interface RequestView {
  readonly method: string;
  readonly path: string;
  readonly authority: string | undefined;
  readonly headers: HeaderMap;
}

/** Header lookup as Envoy's header map does it: `host` is `:authority`, pseudo-headers are the request line. */
function lookup(view: RequestView, key: string): string | undefined {
  switch (key) {
    case ':authority':
    case 'host':
      return view.authority;
    case ':method':
      return view.method;
    case ':path':
      return view.path;
    default:
      return joined(view.headers.get(key));
  }
}

function describeValue(v: string | undefined): string {
  return v === undefined ? 'missing' : `is ${q(v)}`;
}

/** A request with its path normalised and headers indexed once, for matching many rules. */
export interface PreparedHttpRequest {
  readonly prepared: true;
  readonly request: HttpRequest;
  readonly normalization: ReturnType<typeof normalizeHttpPath>;
  readonly view: RequestView;
}

export function prepareHttpRequest(request: HttpRequest, options: MatchHttpRuleOptions = {}): PreparedHttpRequest {
  const normalization = normalizeHttpPath(request.path, options);
  return {
    prepared: true,
    request,
    normalization,
    view: { method: request.method, path: normalization.path, authority: requestAuthority(request), headers: headerMap(request) },
  };
}

/** Whether a rule matches, without explaining why not (the hot path with many rules). */
function quickMatch(rule: CompiledHttpRule, prepared: PreparedHttpRequest): boolean {
  const { normalization, view } = prepared;
  if (normalization.rejected) return false;
  if (rule.method && (rule.method.error || !rule.method.matcher!.fullMatch(view.method))) return false;
  if (rule.path && (rule.path.error || !rule.path.matcher!.fullMatch(view.path))) return false;
  if (rule.host && (rule.host.error || view.authority === undefined || !rule.host.matcher!.fullMatch(view.authority))) return false;
  for (const check of rule.headerChecks) {
    if (check.kind === 'never') return false;
    const actual = lookup(view, check.key);
    if (actual === undefined) return false;
    if (check.kind !== 'present' && actual !== check.value) return false;
  }
  return true;
}

/** Whether a regex is plain text (no metacharacter): it then matches only itself in full. */
function plainRegex(source: string): boolean {
  return !/[\\.+*?()|[\]{}^$]/.test(source);
}

const MAX_CACHED_REQUESTS = 8192;

/**
 * The HTTP rules of one port (the union of every allow that applies), compiled once for many
 * requests: rules are bucketed by their method when it is plain text (other rules are tried
 * for every method), each path regex checks its literal prefix before its automaton, and the
 * answer for a request is remembered (keyed by what the rules read: method, path, and the
 * Host and headers only when some rule checks them).
 */
export class HttpRuleSet {
  private readonly byMethod = new Map<string, number[]>();
  private readonly anyMethod: number[] = [];
  private readonly usesHost: boolean;
  private readonly headerKeys: readonly string[];
  private readonly answers = new Map<string, number>();

  constructor(readonly rules: readonly CompiledHttpRule[]) {
    const headerKeys = new Set<string>();
    let usesHost = false;
    rules.forEach((rule, i) => {
      const method = rule.method;
      if (method && !method.error && plainRegex(method.source)) {
        let list = this.byMethod.get(method.source);
        if (!list) this.byMethod.set(method.source, (list = []));
        list.push(i);
      } else {
        this.anyMethod.push(i);
      }
      if (rule.host) usesHost = true;
      for (const check of rule.headerChecks) {
        if (check.kind === 'never') continue;
        if (check.key === 'host' || check.key === ':authority') usesHost = true;
        else headerKeys.add(check.key);
      }
    });
    this.usesHost = usesHost;
    this.headerKeys = [...headerKeys].sort();
  }

  /** What the rules can see of a request, as a cache key. */
  private keyOf(request: HttpRequest): string {
    let key = `${request.method}\u0000${request.path}`;
    if (this.usesHost) key += `\u0000${requestAuthority(request) ?? '\u0001'}`;
    for (const k of this.headerKeys) key += `\u0000${headerValue(request, k) ?? '\u0001'}`;
    return key;
  }

  /** The index of the first rule (in order) that matches the request, or -1. */
  firstMatch(request: HttpRequest): number {
    const key = this.keyOf(request);
    const known = this.answers.get(key);
    if (known !== undefined) return known;
    const prepared = prepareHttpRequest(request);
    const found = this.search(prepared);
    if (this.answers.size >= MAX_CACHED_REQUESTS) this.answers.clear();
    this.answers.set(key, found);
    return found;
  }

  private search(prepared: PreparedHttpRequest): number {
    if (prepared.normalization.rejected) return -1;
    // the rules of this method and those of any method, merged back into rule order
    const a = this.byMethod.get(prepared.view.method) ?? [];
    const b = this.anyMethod;
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      const next = j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!;
      if (quickMatch(this.rules[next]!, prepared)) return next;
    }
    return -1;
  }
}

/** Evaluates one compiled rule against one request (prepare it once when matching many rules). */
export function matchHttpRule(rule: CompiledHttpRule, input: HttpRequest | PreparedHttpRequest, options: MatchHttpRuleOptions = {}): HttpMatchResult {
  const prepared = 'prepared' in input ? input : prepareHttpRequest(input, options);
  const { request, normalization, view } = prepared;
  if (options.details === false) return { matched: quickMatch(rule, prepared), mismatches: [], actions: [], notes: rule.notes, path: normalization };
  const notes = [...rule.notes];
  if (normalization.rejected) {
    return {
      matched: false,
      mismatches: [{ field: 'path', detail: `Envoy refuses the request with ${normalization.rejected.status} before any policy applies: ${normalization.rejected.reason}` }],
      actions: [],
      notes,
      path: normalization,
    };
  }
  const mismatches: HttpMismatch[] = [];

  if (rule.method) {
    if (rule.method.error) mismatches.push({ field: 'method', detail: `method regex ${q(rule.method.source)} is invalid (${rule.method.error})` });
    else if (!rule.method.matcher!.fullMatch(view.method)) mismatches.push({ field: 'method', detail: `method ${q(view.method)} does not match regex ${q(rule.method.source)}` });
  }
  if (rule.path) {
    const shown = normalization.changed ? `${q(request.path)} (normalised to ${q(view.path)})` : q(view.path);
    if (rule.path.error) mismatches.push({ field: 'path', detail: `path regex ${q(rule.path.source)} is invalid (${rule.path.error})` });
    else if (!rule.path.matcher!.fullMatch(view.path)) mismatches.push({ field: 'path', detail: `path ${shown} does not match regex ${q(rule.path.source)}` });
  }
  if (rule.host) {
    if (rule.host.error) mismatches.push({ field: 'host', detail: `host regex ${q(rule.host.source)} is invalid (${rule.host.error}); Envoy refuses it` });
    else if (view.authority === undefined) mismatches.push({ field: 'host', detail: `the request has no Host header (:authority); host must match regex ${q(rule.host.source)}` });
    else if (!rule.host.matcher!.fullMatch(view.authority)) mismatches.push({ field: 'host', detail: `host ${q(view.authority)} does not match regex ${q(rule.host.source)}` });
  }
  for (const check of rule.headerChecks) {
    if (check.kind === 'never') {
      mismatches.push({ field: 'header', detail: check.reason });
      continue;
    }
    const actual = lookup(view, check.key);
    if (check.kind === 'present') {
      if (actual === undefined) mismatches.push({ field: 'header', detail: `header ${q(check.display)} is missing` });
    } else if (actual === undefined) {
      mismatches.push({ field: 'header', detail: `header ${q(check.display)} is missing (expected ${q(check.value)})` });
    } else if (actual !== check.value) {
      mismatches.push({ field: 'header', detail: `header ${q(check.display)} is ${q(actual)}, expected ${q(check.value)}` });
    }
  }

  const actions: HttpHeaderAction[] = [];
  if (mismatches.length === 0 && rule.headerActions.length > 0) {
    // cilium HeaderMatch::allowed, in order; edits are visible to the next entries.
    const headers: HeaderMap = new Map([...view.headers].map(([k, v]) => [k, [...v]]));
    const editable: RequestView = { ...view, headers };
    for (const hm of rule.headerActions) {
      const current = lookup(editable, hm.key);
      const presence = hm.value === '';
      const ok = presence ? current !== undefined : current === hm.value;
      if (ok) continue;
      const expected = presence ? 'expected it to be present' : `expected ${q(hm.value)}`;
      const prefix = `${hm.display} mismatch (header ${describeValue(current)}, ${expected}):`;
      switch (hm.action) {
        case 'LOG':
          actions.push({ field: 'header', name: hm.display, action: 'LOG', effect: 'none', detail: `${prefix} LOG only records it in the access log` });
          break;
        case 'ADD':
          headers.set(hm.key, [...(headers.get(hm.key) ?? []), hm.value]);
          actions.push({ field: 'header', name: hm.display, action: 'ADD', effect: 'add', value: hm.value, detail: `${prefix} ADD would add ${q(hm.value)}${current !== undefined ? ` next to ${q(current)}` : ''}` });
          break;
        case 'DELETE':
          if (presence || current === undefined) {
            actions.push({ field: 'header', name: hm.display, action: 'DELETE', effect: 'none', detail: `${prefix} DELETE has nothing to remove` });
          } else {
            headers.delete(hm.key);
            actions.push({ field: 'header', name: hm.display, action: 'DELETE', effect: 'remove', detail: `${prefix} DELETE would remove it` });
          }
          break;
        case 'REPLACE':
          headers.set(hm.key, [hm.value]);
          actions.push({ field: 'header', name: hm.display, action: 'REPLACE', effect: 'set', value: hm.value, detail: `${prefix} REPLACE would set it to ${q(hm.value)}` });
          break;
      }
    }
  }
  return { matched: mismatches.length === 0, mismatches, actions, notes, path: normalization };
}

/**
 * The request after the header edits of `actions` (for evaluating the next rule, as
 * cilium-envoy does when some rule has header actions). Header names become lower-case.
 */
export function applyHttpHeaderActions(request: HttpRequest, actions: readonly HttpHeaderAction[]): HttpRequest {
  const headers = headerMap(request);
  for (const a of actions) {
    const key = a.name.toLowerCase();
    if (a.effect === 'add') headers.set(key, [...(headers.get(key) ?? []), a.value ?? '']);
    else if (a.effect === 'set') headers.set(key, [a.value ?? '']);
    else if (a.effect === 'remove') headers.delete(key);
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of headers) out[k] = v.length === 1 ? v[0]! : v;
  return { ...request, headers: out };
}

// ---------------------------------------------------------------- description

function describeHeaderMatch(hm: HttpHeaderMatchSpec): string {
  let s = hm.name;
  if (hm.secret) s += `=secret:${secretRef(hm.secret)}${hm.value ? ` (fallback ${hm.value})` : ''}`;
  else if (hm.value) s += `=${hm.value}`;
  if (hm.mismatch) s += ` (mismatch ${hm.mismatch})`;
  return s;
}

/** A short text for explanations: `GET /auth host=app2 headers[X-Token: abc]`; `any request` for `{}`. */
export function describeHttpRule(spec: HttpRuleSpec): string {
  const parts: string[] = [];
  if (spec.method) parts.push(spec.method);
  if (spec.path) parts.push(spec.path);
  if (spec.host) parts.push(`host=${spec.host}`);
  if (spec.headers && spec.headers.length > 0) parts.push(`headers[${spec.headers.join(', ')}]`);
  if (spec.headerMatches && spec.headerMatches.length > 0) parts.push(`headerMatches[${spec.headerMatches.map(describeHeaderMatch).join(', ')}]`);
  return parts.length > 0 ? parts.join(' ') : 'any request';
}
