// Writes inputs.json: the YAML documents whose kubectl decoding the table pins (see README.md).
import { writeFileSync } from 'node:fs';
const scalars = [
  // timestamps stay strings
  '2024-01-01', '2024-1-1', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10', '2001-12-14T21:59:43Z', '2001-12-14 21:59:43.10 -5', '2024-13-01', '"2024-01-01"',
  // YAML 1.1 booleans, exact spellings only
  'y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', '"yes"', "'on'",
  // nulls
  '~', 'null', 'Null', 'NULL', 'nULL', '', '"~"', 'nil', 'None',
  // ints
  '0', '-0', '+0', '7', '+12', '-12', '012', '-012', '08', '09.5', '0o12', '0O12', '0x1A', '0X1a', '-0x1A', '1_000', '1__0', '_1', '1_', '0b1010', '-0b101', '0b-1', '0b102', '0x', '00', '0_7',
  '9007199254740993', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '123456789012345678901234567890',
  // floats
  '1.5', '.5', '-.5', '+.5', '1.', '1e3', '1E3', '1.5e+3', '1.5e-3', '1e400', '-1e400', '1e-400', '.5_5', '._5', '1_000.5', '0x1p3', '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.nan', '.NaN', 'Infinity', 'NaN', 'inf', '.5.5', '.', '-', '+', '1.0', '3.0e0', '-0.0', '6.02e23', '1e21', '1e15',
  // strings that look like something
  'true_', 'yes please', '12:30', '12:30:45', '1:2', '0.1.2', '1.2.3.4', '10.0.0.1/8', '::1', 'fe80::1', '80/TCP', '"80"', "'012'", '1e', '1e+', '+-1', '--1', '0x1G', 'v1', '1Gi', '100m', '50%',
];
const docs = [];
for (const s of scalars) docs.push(`v: ${s}\n`);
for (const k of ['yes', 'on', 'y', 'n', 'off', 'true', '1', '012', '0x10', '1.5', '0.1', '3.14159265358979', '1e3', '1e10', '1e-5', '100000', '1000000', '1234567', '.inf', '-.inf', '.nan', '2024-01-01', '~', 'null', '18446744073709551615', '9223372036854775807', '-1', '"1"', '"yes"', '[a]', '{a: 1}', '<<', '"<<"', '!!str 1', '!!int "1"', '-0.0', '1_000']) docs.push(`${k}: x\n`);
docs.push(
  // tags
  'v: !!str 123\n', 'v: !!str yes\n', 'v: !!int "12"\n', 'v: !!int 012\n', 'v: !!int abc\n', 'v: !!int 1.5\n', 'v: !!float 1\n', 'v: !!float "1.5"\n', 'v: !!float abc\n',
  'v: !!bool yes\n', 'v: !!bool "on"\n', 'v: !!bool 1\n', 'v: !!null ""\n', 'v: !!null ~\n', 'v: !!null x\n', 'v: !!timestamp 2001-12-14\n', 'v: !!timestamp nope\n',
  'v: !custom 5\n', 'v: ! 7\n', 'v: ! yes\n', 'v: !!str\n', 'v: !!map {a: 1}\n', 'v: !!seq [1, 2]\n', 'v: !!set {a, b}\n', 'v: !!omap [{a: 1}, {b: 2}]\n', 'v: !<tag:yaml.org,2002:int> "5"\n',
  '%TAG !k! tag:yaml.org,2002:\n---\nv: !k!int "9"\n', 'v: !!str {a: 1}\n', 'v: !!int [1]\n',
  // binary
  'v: !!binary aGVsbG8=\n', 'v: !!binary |\n  aGVs\n  bG8=\n', 'v: !!binary aGVsbG8\n', 'v: !!binary /w==\n', 'v: !!binary 4oI=\n', 'v: !!binary "aGk="\n', 'v: !!binary ""\n', 'v: !!binary aG k=\n',
  // merge keys
  'base: &b {a: 1, b: 2}\nv:\n  <<: *b\n  b: 3\n', 'base: &b {a: 1, b: 2}\nv:\n  b: 3\n  <<: *b\n', 'x: &x {a: 1}\ny: &y {a: 2, c: 3}\nv:\n  <<: [*x, *y]\n', 'v:\n  <<: {a: 1}\n  <<: {a: 2}\n',
  'v:\n  "<<": {a: 1}\n', 'v:\n  <<: [1]\n', 'v:\n  <<: 1\n', 'x: &x [1]\nv:\n  <<: *x\n', 'v: {<<: {a: 1}, b: 2}\n', 'v:\n  !!merge <<: {a: 1}\n', "v:\n  '<<': 1\n",
  // anchors and aliases
  'a: &x 1\nb: *x\n', 'a: &x [1, 2]\nb: *x\nc: *x\n', 'b: *x\na: &x 1\n', 'a: &x 1\na2: &x 2\nb: *x\n', 'a: &x\nb: *x\n', 'a: &x [*x]\n', 'a: &k key\n*k : v\n',
  // duplicate keys
  'a: 1\na: 2\n', 'yes: 1\non: 2\n', '1: a\n0x1: b\n', 'a:\n  b: 1\na:\n  c: 2\n',
  // block scalars
  'v: |\n  line1\n  line2\n', 'v: |-\n  line1\n  line2\n', 'v: |+\n  line1\n\n', 'v: >\n  folded\n  text\n\n  para\n', 'v: >-\n  a\n    b\n  c\n', 'v: |2\n    indented\n', 'v: |\n  # not a comment\n',
  'v: |\n\n  leading blank\n', 'v: >\n  a\n  \n  b\n', 'v: |\nw: 1\n', 'v: |-\n', 'v: >+\n  a\n\n\nw: 1\n',
  // quoted and multi-line scalars
  'v: "a\\x41\\u00e9\\U0001F600\\n\\t\\0\\e\\N\\_\\L\\P\\ \\"\\\\"\n', "v: 'it''s'\n", 'v: "a\\/b"\n', 'v: "\\q"\n', 'v: "a\n  b\n\n  c"\n', "v: 'a\n  b'\n", 'v: "line\\\n  continued"\n', 'v: plain\n  continued\n  more\n',
  'v: a # comment\n', 'v: a#b\n', 'v: "x" # c\n', 'v: a:b\n', 'v: http://x:80/p?q=1#f\n', 'v: k8s:io.kubernetes.pod.namespace\n', 'v: "\\ud800"\n', 'v: "\\x80"\n', 'v: a  b\n', 'v: ${VAR}\n', 'v: "{{ .Values.x }}"\n',
  // flow collections
  'v: [a, b, c]\n', 'v: [a, b, ]\n', 'v: []\n', 'v: {}\n', 'v: {a: 1, b: [x, {c: d}]}\n', 'v: {a, b}\n', 'v: [a: b]\n', 'v: {"a":1,"b":"x"}\n', 'v: {a:1}\n', 'v: [a:1]\n', 'v: [http://x]\n', 'v: {k: v:x}\n',
  'v: [1, yes, ~, 0x10, 2024-01-01]\n', 'v: { a : 1 }\n', 'v: [\n  a,\n  b\n]\n', 'v: {a: [1,\n  2]}\n', 'v: [a, [b, [c]]]\n', 'v: [,]\n', 'v: {a: 1,, b: 2}\n',
  // structure
  'a:\n- x\n- y\n', 'a:\n  - x\n  - y\n', '- a\n- b\n', '- - a\n  - b\n- c\n', '- a: 1\n  b: 2\n- c: 3\n', '-\n- \n', 'a:\n  b:\n    c: 1\n', 'a:\n', 'a: b: c\n', 'a:\n  b\n  c: d\n',
  '? complex\n: value\n', '? [a, b]\n: value\n', '? a\n', 'a: 1\n...\nb: 2\n', 'a: 1\n...\n', '%YAML 1.1\n---\na: 1\n', 'a: 1\n---\nb: 2\n', 'scalar\n', '[1, 2]\n', '', '# only a comment\n', '---\n',
  'a: 1\r\nb: 2\r\n', 'a:\tb\n', 'a:\n\t- b\n', '\ta: b\n', 'a: café\n', 'a: "\\u00e9"\n', '\ufeffa: 1\n', 'a: 1\n b: 2\n', 'a: 1\n  b: 2\n', '  a: 1\n  b: 2\n', 'a: |\n  x\n b: 1\n',
  'a: - b\n', 'a: [b\n', 'a: "b\n', 'a: {b: c\n', '- a\nb: c\n', 'a: b\n- c\n', 'a: &a\n  b: *a\n', 'a: *\n', 'a: &\n', 'a: !\n', 'a: @b\n', 'a: `b\n', 'a: %b\n', 'a: |x\n  b\n',
  `${'k'.repeat(1100)}: v\n`, `"${'k'.repeat(1100)}": v\n`, 'a: {b: [c, {d: [e]}]}\n', '__proto__: {polluted: true}\n', 'constructor: x\n', 'a: 1 # c\n# c\nb: 2 #c\n',
  'metadata:\n  labels:\n    release: 2024-01-01\n    enabled: yes\n    version: 1.10\n    octal: 0755\n    port: "80"\n',
);
writeFileSync(new URL('./inputs.json', import.meta.url), JSON.stringify(docs, null, 1) + '\n');
console.log(docs.length, 'inputs');
// appended rows (kept after the first ones so earlier rows keep their order)
const more = [];
for (const n of [1020, 1022, 1023, 1024, 1025]) more.push(`${'k'.repeat(n)}: v\n`, `"${'k'.repeat(n - 2)}": v\n`);
more.push('- ' + 'k'.repeat(1030) + ': v\n', 'a: "\\x4"\n', 'a: "\\u12G4"\n', 'a: "\\U00110000"\n', 'a: "\\U0001F600"\n');
writeFileSync(new URL('./inputs.json', import.meta.url), JSON.stringify([...docs, ...more], null, 1) + '\n');
console.log(docs.length + more.length, 'inputs');
