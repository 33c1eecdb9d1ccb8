import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { evaluateCelRule } from './cel-rules.js';
import { goFloat, goQuote } from './go-format.js';
import {
  ciliumClusterwideNetworkPolicySchema,
  ciliumNetworkPolicySchema,
  formatApiServerMessage,
  formatPath,
  suggestFieldName,
  validateCiliumPolicy,
  validateSchema,
  type IssueCode,
  type OpenApiSchema,
  type PathSegment,
  type SchemaIssue,
} from './index.js';
import { isCidr } from './string-formats.js';

const RULES_SKIPPED =
  '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; ' +
  'correct the existing errors to complete validation';

type Json = Record<string, unknown>;

/** A CiliumNetworkPolicy around `spec`; `extra` adds or replaces top-level fields. */
function cnp(spec: Json, extra: Json = {}): Json {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'p', namespace: 'default' },
    spec,
    ...extra,
  };
}

/** An egress-only spec with one egress rule. */
function egress(rule: Json): Json {
  return { endpointSelector: {}, egress: [rule] };
}

function issuesOf(document: Json, schema: OpenApiSchema = ciliumNetworkPolicySchema): SchemaIssue[] {
  return validateSchema(document, schema);
}

function messageOf(document: Json, schema?: OpenApiSchema): string | undefined {
  return formatApiServerMessage(issuesOf(document, schema));
}

describe('API server wording of the conformance examples', () => {
  const cases: { name: string; document: Json; message: string }[] = [
    {
      name: 'pattern: matchName must match the CRD pattern',
      document: cnp(egress({ toFQDNs: [{ matchName: 'bad name!' }] })),
      message:
        `spec.egress[0].toFQDNs[0].matchName: Invalid value: "bad name!": spec.egress[0].toFQDNs[0].matchName in body ` +
        `should match '^([-a-zA-Z0-9_]+[.]?)+$'`,
    },
    {
      name: 'format cidr: a /33 prefix is rejected, and CEL rules are then skipped',
      document: cnp(egress({ toCIDR: ['10.0.0.0/33'] })),
      message:
        '[spec.egress[0].toCIDR[0]: Invalid value: "10.0.0.0/33": spec.egress[0].toCIDR[0] in body must be of type ' +
        `cidr: "10.0.0.0/33", ${RULES_SKIPPED}]`,
    },
    {
      name: 'format cidr: a bare address in toCIDRSet.cidr is rejected',
      document: cnp(egress({ toCIDRSet: [{ cidr: '8.8.8.8' }] })),
      message:
        '[spec.egress[0].toCIDRSet[0].cidr: Invalid value: "8.8.8.8": spec.egress[0].toCIDRSet[0].cidr in body must ' +
        `be of type cidr: "8.8.8.8", ${RULES_SKIPPED}]`,
    },
    {
      name: 'format cidr inside specs[]: the path starts at specs[0]',
      document: { ...cnp({}), spec: undefined, specs: [egress({ toCIDR: ['10.0.0.0/33'] })] },
      message:
        '[specs[0].egress[0].toCIDR[0]: Invalid value: "10.0.0.0/33": specs[0].egress[0].toCIDR[0] in body must be of ' +
        `type cidr: "10.0.0.0/33", ${RULES_SKIPPED}]`,
    },
    {
      name: 'enum: an unknown entity lists every supported value',
      document: cnp(egress({ toEntities: ['internet'] })),
      message:
        '[spec.egress[0].toEntities[0]: Unsupported value: "internet": supported values: "all", "world", "cluster", ' +
        `"host", "init", "ingress", "unmanaged", "remote-node", "health", "none", "kube-apiserver", ${RULES_SKIPPED}]`,
    },
    {
      name: 'enum: an unknown ICMP family',
      document: cnp(egress({ icmps: [{ fields: [{ type: 8, family: 'IPv5' }] }] })),
      message:
        '[spec.egress[0].icmps[0].fields[0].family: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", ' +
        `${RULES_SKIPPED}]`,
    },
    {
      name: 'anyOf: no rule section reports the anyOf and the first alternative (ingress) as required',
      document: cnp({ endpointSelector: {} }),
      message:
        '[<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf), spec.ingress: Required value, ' +
        `${RULES_SKIPPED}]`,
    },
    {
      name: 'oneOf: http and dns together are 2 valid alternatives',
      document: cnp(egress({ toPorts: [{ ports: [{ port: '53' }], rules: { http: [{}], dns: [{ matchName: 'a.b' }] } }] })),
      message:
        '<nil>: Invalid value: "": "spec.egress[0].toPorts[0].rules" must validate one and only one schema (oneOf). ' +
        'Found 2 valid alternatives',
    },
    {
      name: 'oneOf: empty rules match none and report the first alternative (http) as required',
      document: cnp({ endpointSelector: {}, ingress: [{ toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: {} }] }] }),
      message:
        '[<nil>: Invalid value: "": "spec.ingress[0].toPorts[0].rules" must validate one and only one schema (oneOf). ' +
        `Found none valid, spec.ingress[0].toPorts[0].rules.http: Required value, ${RULES_SKIPPED}]`,
    },
    {
      name: 'unknown field: L7 rules are not part of the deny schema',
      document: cnp({ endpointSelector: {}, ingressDeny: [{ toPorts: [{ ports: [{ port: '80' }], rules: { http: [{}] } }] }] }),
      message: 'strict decoding error: unknown field "spec.ingressDeny[0].toPorts[0].rules"',
    },
  ];
  for (const { name, document, message } of cases) {
    it(name, () => assert.equal(messageOf(document), message));
  }
});

describe('every issue code, with its message', () => {
  const custom = (schema: OpenApiSchema, value: unknown, path: PathSegment[] = ['x']): SchemaIssue[] =>
    validateSchema(value, schema, path);
  const cases: { code: IssueCode; name: string; issues: () => SchemaIssue[]; path: PathSegment[]; message: string }[] = [
    {
      code: 'unknown-field',
      name: 'a field the schema does not declare is an unknown field (strict decoding)',
      issues: () => issuesOf(cnp(egress({ toPort: [] }))),
      path: ['spec', 'egress', 0, 'toPort'],
      message: 'strict decoding error: unknown field "spec.egress[0].toPort"',
    },
    {
      code: 'type',
      name: 'type: a number where a string is declared',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ ports: [{ port: 80 }] }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'ports', 0, 'port'],
      message:
        'spec.egress[0].toPorts[0].ports[0].port: Invalid value: "integer": spec.egress[0].toPorts[0].ports[0].port ' +
        'in body must be of type string: "integer"',
    },
    {
      code: 'type',
      name: 'type: null in a list of objects',
      issues: () => issuesOf(cnp({ endpointSelector: {}, egress: [null] })),
      path: ['spec', 'egress', 0],
      message: 'spec.egress[0]: Invalid value: "null": spec.egress[0] in body must be of type object: "null"',
    },
    {
      code: 'type',
      name: 'type: int-or-string rejects a boolean (type list integer,string)',
      issues: () => issuesOf(cnp(egress({ icmps: [{ fields: [{ type: true }] }] }))),
      path: ['spec', 'egress', 0, 'icmps', 0, 'fields', 0, 'type'],
      message:
        'spec.egress[0].icmps[0].fields[0].type: Invalid value: "boolean": spec.egress[0].icmps[0].fields[0].type in ' +
        'body must be of type integer,string: "boolean"',
    },
    {
      code: 'enum',
      name: 'enum: protocol must be one of the listed values',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ ports: [{ port: '80', protocol: 'tcp' }] }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'ports', 0, 'protocol'],
      message:
        'spec.egress[0].toPorts[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", ' +
        '"SCTP", "VRRP", "IGMP", "GRE", "IPIP", "IPV6", "ESP", "AH", "ANY"',
    },
    {
      code: 'enum',
      name: 'enum: non-string values are listed as JSON and the bad value printed with %v',
      issues: () => custom({ enum: [1, 'two', true] }, 3),
      path: ['x'],
      message: 'x: Unsupported value: 3: supported values: "1", "two", "true"',
    },
    {
      code: 'pattern',
      name: 'pattern: an ICMP type name that is not in the pattern',
      issues: () => issuesOf(cnp(egress({ icmps: [{ fields: [{ type: 'Bogus' }] }] }))),
      path: ['spec', 'egress', 0, 'icmps', 0, 'fields', 0, 'type'],
      message: `spec.egress[0].icmps[0].fields[0].type: Invalid value: "Bogus": spec.egress[0].icmps[0].fields[0].type in body should match '${
        (ciliumNetworkPolicySchema.properties?.['spec']?.properties?.['egress']?.items?.properties?.['icmps']?.items
          ?.properties?.['fields']?.items?.properties?.['type']?.pattern ?? '')
      }'`,
    },
    {
      code: 'format',
      name: 'format cidr: IPv6 prefix longer than 128',
      issues: () => issuesOf(cnp(egress({ toCIDR: ['2001:db8::/129'] }))),
      path: ['spec', 'egress', 0, 'toCIDR', 0],
      message:
        'spec.egress[0].toCIDR[0]: Invalid value: "2001:db8::/129": spec.egress[0].toCIDR[0] in body must be of type ' +
        'cidr: "2001:db8::/129"',
    },
    {
      code: 'format',
      name: 'format date-time: February 30th does not exist',
      issues: () => custom({ type: 'string', format: 'date-time' }, '2024-02-30T00:00:00Z'),
      path: ['x'],
      message: 'x: Invalid value: "2024-02-30T00:00:00Z": x in body must be of type date-time: "2024-02-30T00:00:00Z"',
    },
    {
      code: 'required',
      name: 'required: neither selector, so the oneOf fails and its first alternative is required',
      issues: () => issuesOf(cnp({ egress: [{}] })),
      path: ['spec', 'endpointSelector'],
      message: 'spec.endpointSelector: Required value',
    },
    {
      code: 'required',
      name: 'required: metadata.name (ObjectMeta validation)',
      issues: () => issuesOf({ ...cnp(egress({})), metadata: { namespace: 'default' } }),
      path: ['metadata', 'name'],
      message: 'metadata.name: Required value: name or generateName is required',
    },
    {
      code: 'one-of',
      name: 'oneOf: endpointSelector and nodeSelector together',
      issues: () => issuesOf(cnp({ endpointSelector: {}, nodeSelector: {}, egress: [{}] })),
      path: ['spec'],
      message: '<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    },
    {
      code: 'any-of',
      name: 'anyOf: a null section counts as absent (non-nullable nulls are dropped)',
      issues: () => issuesOf(cnp({ endpointSelector: {}, egress: null })),
      path: ['spec'],
      message: '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
    },
    {
      code: 'all-of',
      name: 'allOf: every alternative must hold',
      issues: () => custom({ type: 'object', properties: { a: {}, b: {} }, allOf: [{ required: ['a'] }, { required: ['b'] }] }, { a: 1 }),
      path: ['x'],
      message: '<nil>: Invalid value: "": "x" must validate all the schemas (allOf)',
    },
    {
      code: 'not',
      name: 'not: the value must not match the schema',
      issues: () => custom({ type: 'object', properties: { a: {} }, not: { required: ['a'] } }, { a: 1 }),
      path: ['x'],
      message: '<nil>: Invalid value: "": "x" must not validate the schema (not)',
    },
    {
      code: 'max-items',
      name: 'maxItems: at most 40 ports',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ ports: Array.from({ length: 41 }, (_, i) => ({ port: `${i + 1}` })) }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'ports'],
      message: 'spec.egress[0].toPorts[0].ports: Too many: 41: must have at most 40 items',
    },
    {
      code: 'max-items',
      name: 'maxItems 0: toRequires is no longer allowed',
      issues: () => issuesOf(cnp(egress({ toRequires: ['x'] }))),
      path: ['spec', 'egress', 0, 'toRequires'],
      message: 'spec.egress[0].toRequires: Too many: 1: must have at most 0 items',
    },
    {
      code: 'min-items',
      name: 'minItems: serverNames may not be empty',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ serverNames: [] }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'serverNames'],
      message:
        'spec.egress[0].toPorts[0].serverNames: Invalid value: 0: spec.egress[0].toPorts[0].serverNames in body should ' +
        'have at least 1 items',
    },
    {
      code: 'max-length',
      name: 'maxLength: log.value is at most 32 characters',
      issues: () => issuesOf(cnp({ ...egress({}), log: { value: 'x'.repeat(33) } })),
      path: ['spec', 'log', 'value'],
      message: 'spec.log.value: Too long: may not be more than 32 bytes',
    },
    {
      code: 'max-length',
      name: 'maxLength: a matchLabels value (additionalProperties) is at most 63 characters',
      issues: () => issuesOf(cnp({ endpointSelector: { matchLabels: { app: 'x'.repeat(64) } }, egress: [{}] })),
      path: ['spec', 'endpointSelector', 'matchLabels', 'app'],
      message: 'spec.endpointSelector.matchLabels.app: Too long: may not be more than 63 bytes',
    },
    {
      code: 'min-length',
      name: 'minLength: a listener name may not be empty',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ listener: { name: '', envoyConfig: { kind: 'CiliumEnvoyConfig', name: 'e' } } }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'listener', 'name'],
      message:
        'spec.egress[0].toPorts[0].listener.name: Invalid value: "": spec.egress[0].toPorts[0].listener.name in body ' +
        'should be at least 1 chars long',
    },
    {
      code: 'minimum',
      name: 'minimum: a listener priority is at least 1',
      issues: () =>
        issuesOf(cnp(egress({ toPorts: [{ listener: { name: 'l', envoyConfig: { kind: 'CiliumEnvoyConfig', name: 'e' }, priority: 0 } }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'listener', 'priority'],
      message:
        'spec.egress[0].toPorts[0].listener.priority: Invalid value: 0: spec.egress[0].toPorts[0].listener.priority in ' +
        'body should be greater than or equal to 1',
    },
    {
      code: 'maximum',
      name: 'maximum: endPort is at most 65535',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ ports: [{ port: '80', endPort: 70000 }] }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'ports', 0, 'endPort'],
      message:
        'spec.egress[0].toPorts[0].ports[0].endPort: Invalid value: 70000: spec.egress[0].toPorts[0].ports[0].endPort ' +
        'in body should be less than or equal to 65535',
    },
    {
      code: 'maximum',
      name: 'maximum: a fractional value prints the bound as a Go float',
      issues: () => custom({ type: 'number', maximum: 1000000 }, 1000000.5),
      path: ['x'],
      message: 'x: Invalid value: 1.0000005e+06: x in body should be less than or equal to 1e+06',
    },
    {
      code: 'duplicate',
      name: 'list-type set: a repeated server name is a duplicate, reported once',
      issues: () => issuesOf(cnp(egress({ toPorts: [{ serverNames: ['a.com', 'b.com', 'a.com', 'a.com'] }] }))),
      path: ['spec', 'egress', 0, 'toPorts', 0, 'serverNames', 2],
      message: 'spec.egress[0].toPorts[0].serverNames[2]: Duplicate value: "a.com"',
    },
    {
      code: 'rule',
      name: 'CEL rule: spec or specs must be provided',
      issues: () => issuesOf({ ...cnp({}), spec: undefined }),
      path: [],
      message: '<nil>: Invalid value: "object": spec or specs must be provided',
    },
    {
      code: 'rule',
      name: 'CEL rules are skipped after a blocking error, with the API server notice',
      issues: () => issuesOf({ ...cnp({}), spec: undefined, metadata: {} }),
      path: [],
      message: RULES_SKIPPED,
    },
    {
      code: 'rule',
      name: 'CEL rule without a message: "failed rule: <rule>"',
      issues: () => custom({ type: 'object', 'x-kubernetes-validations': [{ rule: 'has(self.a)' }] }, {}),
      path: ['x'],
      message: 'x: Invalid value: "object": failed rule: has(self.a)',
    },
    {
      code: 'rule',
      name: 'CEL rule outside the supported subset is reported, not passed',
      issues: () => custom({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a > 1' }] }, { a: 2 }),
      path: ['x'],
      message: 'x: rule "self.a > 1" could not be evaluated by Membrane (only has(self.<field>) joined by ||, && and ! is supported)',
    },
  ];
  for (const { code, name, issues, path, message } of cases) {
    it(`${code}: ${name}`, () => {
      const found = issues().find((i) => i.code === code && formatPath(i.path) === formatPath(path));
      assert.ok(found, `no ${code} issue at ${formatPath(path)}: ${JSON.stringify(issues(), null, 1)}`);
      assert.deepEqual(found.path, path);
      assert.equal(found.message, message);
    });
  }
});

describe('did-you-mean for unknown fields', () => {
  const cases: { name: string; document: Json; path: string; suggestion: string | undefined }[] = [
    { name: 'a missing plural s: toPort -> toPorts', document: cnp(egress({ toPort: [] })), path: 'spec.egress[0].toPort', suggestion: 'toPorts' },
    {
      name: 'wrong case: endpointselector -> endpointSelector',
      document: cnp({ endpointselector: {}, egress: [{}] }),
      path: 'spec.endpointselector',
      suggestion: 'endpointSelector',
    },
    {
      name: 'a missing plural s: fromEndpoint -> fromEndpoints',
      document: cnp({ endpointSelector: {}, ingress: [{ fromEndpoint: [{}] }] }),
      path: 'spec.ingress[0].fromEndpoint',
      suggestion: 'fromEndpoints',
    },
    { name: 'a typo at the root: sepc -> spec', document: { ...cnp(egress({})), sepc: {} }, path: 'sepc', suggestion: 'spec' },
    {
      name: 'a longer name with a known prefix: ingressDenyRules -> ingressDeny',
      document: cnp({ endpointSelector: {}, egress: [{}], ingressDenyRules: [] }),
      path: 'spec.ingressDenyRules',
      suggestion: 'ingressDeny',
    },
    { name: 'nothing close: no suggestion', document: cnp({ ...egress({}), zzz: 1 }), path: 'spec.zzz', suggestion: undefined },
  ];
  for (const { name, document, path, suggestion } of cases) {
    it(name, () => {
      const unknown = issuesOf(document).filter((i) => i.code === 'unknown-field');
      assert.deepEqual(
        unknown.map((i) => [formatPath(i.path), i.suggestion]),
        [[path, suggestion]],
      );
    });
  }
  it('suggestFieldName compares case-insensitively and prefers the smallest distance', () => {
    assert.equal(suggestFieldName('ToPorts', ['toPorts', 'toPort']), 'toPorts');
    assert.equal(suggestFieldName('egres', ['egress', 'egressDeny', 'ingress']), 'egress');
    assert.equal(suggestFieldName('to', ['toPorts', 'toCIDR']), undefined);
  });
});

describe('CIDR format (k8s.io/utils/net ParseCIDRSloppy, as the API server checks it)', () => {
  const cases: [string, boolean][] = [
    ['10.0.0.0/8', true],
    ['0.0.0.0/0', true],
    ['10.0.0.0/32', true],
    ['10.0.0.0/33', false],
    ['010.0.0.0/8', true], // leading zeros: accepted by the API server (unlike Go >= 1.17 net.ParseCIDR)
    ['10.0.0.0/08', true],
    ['256.0.0.0/8', false],
    ['10.0.0/8', false],
    ['1.2.3.4.5/8', false],
    ['10.0.0.0', false],
    ['10.0.0.0/', false],
    ['10.0.0.0/-1', false],
    [' 10.0.0.0/8', false],
    ['2001:db8::/32', true],
    ['::/0', true],
    ['::ffff:1.2.3.4/120', true],
    ['1:2:3:4:5:6:7:8/128', true],
    ['1:2:3:4:5:6:7::/128', true],
    ['1:2:3:4:5:6:7:8::/128', false],
    ['2001:db8::/129', false],
    ['2001:db8:::1/64', false],
    ['fe80::1%eth0/64', false],
    ['1::2::3/64', false],
  ];
  for (const [text, valid] of cases) {
    it(`${valid ? 'accepts' : 'rejects'} ${JSON.stringify(text)}`, () => assert.equal(isCidr(text), valid));
  }
});

describe('patterns use Go RE2 semantics, unanchored like regexp.MatchString', () => {
  const cases: { name: string; pattern: string; text: string; matches: boolean }[] = [
    { name: 'an unanchored pattern matches anywhere', pattern: 'b', text: 'abc', matches: true },
    { name: 'RE2 inline flags work ((?i) is not JavaScript syntax)', pattern: '(?i)^abc$', text: 'ABC', matches: true },
    { name: 'RE2 Unicode classes: \\PC accepts letters', pattern: '^\\PC*$', text: 'héllo wörld', matches: true },
    { name: 'RE2 Unicode classes: \\PC refuses control characters', pattern: '^\\PC*$', text: 'a\u0007b', matches: false },
  ];
  for (const { name, pattern, text, matches } of cases) {
    it(name, () => assert.equal(validateSchema(text, { type: 'string', pattern }, ['x']).length === 0, matches));
  }
  it('the CRD port pattern is weak: its second alternative is only anchored at the end', () => {
    const port = (value: string): number => issuesOf(cnp(egress({ toPorts: [{ ports: [{ port: value }] }] }))).length;
    assert.equal(port('99999'), 0);
    assert.equal(port('8080-http'), 0);
    assert.equal(port('!!'), 1);
  });
});

describe('nulls, defaults and nullable', () => {
  it('a null in a non-nullable field is dropped, so required then fails', () => {
    const schema: OpenApiSchema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    assert.deepEqual(
      validateSchema({ a: null }, schema, ['x']).map((i) => i.message),
      ['x.a: Required value'],
    );
  });
  it('nullable: true keeps null and accepts it', () => {
    const schema: OpenApiSchema = { type: 'object', properties: { a: { type: 'string', nullable: true } }, required: ['a'] };
    assert.deepEqual(validateSchema({ a: null }, schema, ['x']), []);
  });
  it('a default replaces an absent or null field before validation (ICMP family defaults to IPv4)', () => {
    assert.deepEqual(issuesOf(cnp(egress({ icmps: [{ fields: [{ type: 8, family: null }, { type: 'EchoRequest' }] }] }))), []);
  });
  it('the input document is not modified', () => {
    const document = cnp({ endpointSelector: {}, egress: null, bogus: 1 });
    const copy = structuredClone(document);
    issuesOf(document);
    assert.deepEqual(document, copy);
  });
});

describe('resource root, sub-paths and the combined message', () => {
  it('apiVersion, kind, metadata contents and status are not reported as unknown', () => {
    const document = cnp(egress({}), { metadata: { name: 'p', labels: { a: 'b' }, annotations: {} }, status: { anything: [1] } });
    assert.deepEqual(issuesOf(document), []);
  });
  it('a sub-schema validated at a path reports absolute paths', () => {
    const spec = ciliumNetworkPolicySchema.properties?.['spec'];
    assert.ok(spec);
    const found = validateSchema(egress({ toCIDR: ['10.0.0.0/33'] }), spec, ['spec']);
    assert.deepEqual(found.map((i) => formatPath(i.path)), ['spec.egress[0].toCIDR[0]']);
  });
  it('several unknown fields make one strict decoding error, sorted by path', () => {
    const document = cnp({ ...egress({ toPort: [] }), aaa: 1 });
    assert.equal(messageOf(document), 'strict decoding error: unknown field "spec.aaa", unknown field "spec.egress[0].toPort"');
  });
  it('no issues, no message', () => assert.equal(formatApiServerMessage([]), undefined));
  it('formatPath writes names with dots and indices in brackets', () => {
    assert.equal(formatPath(['spec', 'egress', 0, 'toPorts']), 'spec.egress[0].toPorts');
    assert.equal(formatPath([]), '');
  });
  it('validateCiliumPolicy picks the schema by kind and ignores other kinds', () => {
    const ccnp = { ...cnp({ nodeSelector: {}, ingress: [{}] }), kind: 'CiliumClusterwideNetworkPolicy' };
    assert.deepEqual(validateCiliumPolicy(ccnp), []);
    assert.equal(validateCiliumPolicy({ kind: 'NetworkPolicy' }), undefined);
  });
});

describe('CEL subset evaluator', () => {
  const cases: { rule: string; self: unknown; kind: string }[] = [
    { rule: 'has(self.spec) || has(self.specs)', self: { specs: [] }, kind: 'pass' },
    { rule: 'has(self.spec) || has(self.specs)', self: {}, kind: 'fail' },
    { rule: 'has(self.a) && !has(self.b)', self: { a: 1, b: 2 }, kind: 'fail' },
    { rule: '(has(self.a.b) || true) && true', self: {}, kind: 'pass' }, // CEL: error || true is true
    { rule: 'has(self.a.b)', self: {}, kind: 'not-evaluable' }, // no such key: a
    { rule: 'size(self.a) > 0', self: {}, kind: 'not-evaluable' },
  ];
  for (const { rule, self, kind } of cases) {
    it(`${rule} on ${JSON.stringify(self)} -> ${kind}`, () => assert.equal(evaluateCelRule(rule, self).kind, kind));
  }
});

describe('Go value formatting', () => {
  it('goQuote escapes like strconv.Quote', () => assert.equal(goQuote('a"b\\c\n\u0007é\u00a0'), '"a\\"b\\\\c\\n\\aé\\u00a0"'));
  it('goFloat prints %v of float64', () => {
    assert.deepEqual([0.5, 123456.5, 1e6, 1234567.5, 0.0001, 0.00001].map(goFloat), [
      '0.5',
      '123456.5',
      '1e+06',
      '1.2345675e+06',
      '0.0001',
      '1e-05',
    ]);
  });
});

describe('generated CRD schemas', () => {
  for (const [name, schema] of [
    ['CiliumNetworkPolicy', ciliumNetworkPolicySchema],
    ['CiliumClusterwideNetworkPolicy', ciliumClusterwideNetworkPolicySchema],
  ] as const) {
    it(`${name}: v2 schema with the spec-or-specs rule and no descriptions`, () => {
      assert.deepEqual(schema['x-kubernetes-validations'], [{ message: 'spec or specs must be provided', rule: 'has(self.spec) || has(self.specs)' }]);
      assert.ok(schema.properties?.['spec']?.properties?.['description'], 'the spec.description field itself is kept');
      assert.equal(JSON.stringify(schema).match(/"description":"/g), null);
    });
  }
});

describe('accepted policies validate with zero issues', () => {
  const text = readFileSync(new URL('./testdata/accepted-policies.yaml', import.meta.url), 'utf8');
  const documents = parseAllDocuments(text).map((d) => d.toJS() as Json);
  it('the test data holds 30-50 Cilium policies of both kinds', () => {
    assert.ok(documents.length >= 30 && documents.length <= 50, `${documents.length} documents`);
    assert.ok(documents.some((d) => d['kind'] === 'CiliumClusterwideNetworkPolicy'));
  });
  for (const document of documents) {
    const metadata = document['metadata'] as { name?: string; namespace?: string };
    it(`${String(document['kind'])} ${metadata.namespace ?? ''}/${metadata.name ?? ''}`, () => {
      assert.deepEqual(validateCiliumPolicy(document), []);
    });
  }
});
