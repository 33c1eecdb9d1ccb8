/**
 * Regenerates src/policy/l7/re2-program-size.golden.tsv: RE2 C++'s `ProgramSize()` for a large,
 * varied set of regexes, the table re2-program-size.test.ts holds our computation to.
 *
 *   g++ -O2 -o /tmp/re2-oracle tools/re2-oracle.cc -lre2      # Debian: apt-get install libre2-dev
 *   npx tsx tools/re2-sizes.ts /tmp/re2-oracle [--count 4000] [--seed 1]
 *
 * The regexes: the HTTP path, method and host values of every policy under ../shared/corpus,
 * ../shared/conformance and test/, the regex literals of src/policy/l7's tests, and `--count`
 * random regexes from a seeded generator. Only regexes Go's parser (re2js) accepts are kept:
 * Cilium validates with Go, so those are the ones Envoy is given.
 */

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RE2JS } from 're2js';
import { mulberry32 } from './prng.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const oracle = args[0];
if (oracle === undefined || oracle.startsWith('-')) {
  console.error('usage: tsx tools/re2-sizes.ts ORACLE [--count N] [--seed S]\n(see the comment at the top of this file)');
  process.exit(2);
}
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const count = option('--count', 4000);
const seed = option('--seed', 1);

function* files(dir: string, exts: string[]): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* files(p, exts);
    else if (exts.some((x) => p.endsWith(x))) yield p;
  }
}

const regexes = new Set<string>();
const add = (s: string) => {
  if (s.includes('\n') || s.includes('\t')) return;
  regexes.add(s);
};

// HTTP fields of policies
const FIELD = /^\s*-?\s*(path|method|host)\s*:\s*(.+?)\s*$/;
for (const dir of [join(root, '../shared/corpus'), join(root, '../shared/conformance'), join(root, 'test'), join(root, 'examples')]) {
  for (const f of files(dir, ['.yaml', '.yml', '.json'])) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const m = FIELD.exec(line);
      if (m === null) continue;
      let v = m[2]!.replace(/,$/, '');
      if (v.startsWith("'") && v.endsWith("'")) v = v.slice(1, -1).replaceAll("''", "'");
      else if (v.startsWith('"') && v.endsWith('"')) {
        try {
          v = JSON.parse(v) as string;
        } catch {
          continue;
        }
      }
      add(v);
    }
  }
}

// string literals of the L7 tests
for (const f of files(join(root, 'src/policy/l7'), ['.test.ts'])) {
  for (const m of readFileSync(f, 'utf8').matchAll(/'((?:[^'\\\n]|\\.)*)'/g)) {
    try {
      add(JSON.parse(`"${m[1]!.replaceAll('"', '\\"').replaceAll("\\'", "'")}"`) as string);
    } catch {
      // not a plain literal
    }
  }
}

// random regexes
const next = mulberry32(seed);
const pick = <T>(xs: readonly T[]): T => xs[next() % xs.length]!;
const chance = (p: number) => next() / 4294967296 < p;
const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-.~:=&%@ ';
// non-ASCII runes of each UTF-8 length; none whose case-fold orbit changed between Unicode 14 and 15.1
const WIDE = ['é', 'ß', 'Ω', 'ω', 'Ж', 'ж', 'ſ', 'K', 'µ', 'ÿ', 'Ÿ', 'ǅ', 'ⓐ', '日', '本', '€', '𝔸', '😀', 'ꭰ', 'Ꭰ', 'ı', 'İ', 'ς', 'σ', 'Σ', 'ẞ'];
const ESCAPED = ['\\.', '\\/', '\\-', '\\?', '\\*', '\\(', '\\)', '\\[', '\\]', '\\{', '\\}', '\\|', '\\^', '\\$', '\\\\', '\\x41', '\\x{e9}', '\\x{1F600}', '\\t', '\\n', '\\0', '\\101'];
const PERL = ['\\d', '\\D', '\\w', '\\W', '\\s', '\\S'];
const POSIX = ['[:alpha:]', '[:digit:]', '[:alnum:]', '[:upper:]', '[:lower:]', '[:space:]', '[:punct:]', '[:xdigit:]', '[:word:]', '[:^alpha:]', '[:ascii:]', '[:cntrl:]', '[:print:]', '[:graph:]', '[:blank:]'];
const RANGES = ['a-z', 'A-Z', '0-9', 'a-f', 'A-F', 'x-z', '\\x00-\\x{10FFFF}', '\\x{80}-\\x{10FFFF}', 'α-ω', 'А-я', '\\x{100}-\\x{FFFF}', '\\x{800}-\\x{FFFF}', '\\x{10000}-\\x{10FFFF}', '\\x{7F}-\\x{80}', '\\x{7FF}-\\x{801}', '\\x{FFFF}-\\x{10000}', '\\x{3000}-\\x{303F}', '\\x{E000}-\\x{F8FF}', 'k-s', 'J-L', '\\x{1}-\\x{9}', 'ȀȀ-ȏ'.slice(1)];
const literalChar = () => (chance(0.85) ? pick([...ASCII]) : chance(0.5) ? pick(WIDE) : pick(ESCAPED));
const classItem = (): string => {
  const r = next() % 6;
  if (r === 0) return pick(RANGES);
  if (r === 1) return pick(PERL);
  if (r === 2) return pick(POSIX).replace(/^/, '[').replace(/$/, ']');
  if (r === 3) return pick(WIDE);
  return pick([...'abcdefxyzKSk019_/.-']);
};
const charClass = () => {
  let s = chance(0.3) ? '[^' : '[';
  const n = 1 + (next() % 3);
  for (let i = 0; i < n; i++) s += classItem();
  return s + ']';
};
const atom = (depth: number): string => {
  const r = next() % 20;
  if (r < 7) {
    let s = '';
    const n = 1 + (next() % 5);
    for (let i = 0; i < n; i++) s += literalChar();
    return s;
  }
  if (r < 9) return '.';
  if (r < 12) return charClass();
  if (r < 13) return pick(PERL);
  if (r < 14) return pick(['^', '$', '\\b', '\\B', '\\A', '\\z']);
  if (depth < 3) {
    const open = pick(['(', '(?:', '(?i:', '(?s:', '(?U:', '(?P<g>', '(?-i:', '(?m:', '(?i)']);
    if (open === '(?i)') return open + alternation(depth + 1);
    return open + alternation(depth + 1) + ')';
  }
  return pick([...ASCII]);
};
const repeat = (): string => {
  const r = next() % 14;
  const lazy = chance(0.25) ? '?' : '';
  if (r < 6) return '';
  if (r < 8) return '*' + lazy;
  if (r < 10) return '+' + lazy;
  if (r < 11) return '?' + lazy;
  const lo = next() % 4;
  const form = next() % 3;
  return (form === 0 ? `{${lo}}` : form === 1 ? `{${lo},}` : `{${lo},${lo + (next() % 4)}}`) + lazy;
};
const sequence = (depth: number): string => {
  let s = '';
  const n = next() % 4;
  for (let i = 0; i <= n; i++) s += atom(depth) + repeat();
  return s;
};
function alternation(depth: number): string {
  const n = chance(0.6) ? 1 : 2 + (next() % 4);
  const parts: string[] = [];
  // common prefixes make RE2 factor
  const shared = chance(0.4) ? pick(['/api/', 'GET', 'ab', 'a', '[a-z]', '.', '\\d{2}', 'x*']) : '';
  for (let i = 0; i < n; i++) parts.push(chance(0.1) ? '' : shared + sequence(depth));
  return parts.join('|');
}
for (let i = 0; regexes.size < 100000 && i < count; i++) {
  let s = alternation(0);
  if (chance(0.2)) s = '^' + s;
  if (chance(0.2)) s = s + '$';
  if (chance(0.1)) s = '(?i)' + s;
  add(s);
}
// Unicode groups: not modelled (re2ProgramSize says so); kept to test that
for (const g of ['\\pL', '\\p{Greek}', '[\\p{Lu}\\d]', '\\PN', '/api/\\p{Han}+']) add(g);

const valid = [...regexes].filter((s) => {
  try {
    RE2JS.compile(s);
    return true;
  } catch {
    return false;
  }
});

const run = spawnSync(oracle, { input: valid.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.status !== 0) {
  console.error(`the oracle failed: ${run.stderr}`);
  process.exit(1);
}
const rows = run.stdout.split('\n').filter((l) => l !== '');
if (rows.length !== valid.length) {
  console.error(`the oracle answered ${rows.length} lines for ${valid.length} regexes`);
  process.exit(1);
}
const header = [
  '# RE2 C++ ProgramSize() of RE2(regex, RE2::Quiet), computed by RE2 C++ 20220601 (Debian libre2-dev)',
  '# through tools/re2-oracle.cc. Regenerate: see tools/re2-sizes.ts. Columns: size (ERR: RE2 refuses', '# the regex) TAB regex.',
];
writeFileSync(join(root, 'src/policy/l7/re2-program-size.golden.tsv'), header.join('\n') + '\n' + rows.join('\n') + '\n');
console.log(`${rows.length} regexes (${rows.filter((r) => r.startsWith('ERR')).length} refused by RE2)`);
