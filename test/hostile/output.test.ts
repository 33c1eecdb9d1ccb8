/**
 * Output that cannot be forged (issue 8 §4): hostile names, labels, rules, test case names,
 * file names and recorded flows (test/hostile/output-*) reach terminals, Markdown, CSV, SARIF
 * and JUnit escaped. Each payload tries to start a line "FORGED ALLOW", send ESC sequences, hide
 * Markdown rows with "<!--", split table cells with "|", or run a spreadsheet formula.
 */

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { csvCell } from '../../src/report/escape-csv.js';
import { htmlText, mdCode, mdFence, mdText } from '../../src/report/escape-markdown.js';
import { escapeTerminalOutput, escapeText } from '../../src/report/escape-text.js';
import { xmlAttribute, xmlText } from '../../src/report/escape-xml.js';
import { readGitSpec } from '../../src/io/git.js';
import { runCli } from '../helpers/cli.js';

const HOSTILE = 'test/hostile/output-cluster.yaml';
const OPEN = 'test/hostile/output-open-web.yaml';
const FLOWS = 'test/hostile/output-flows.jsonl';
const TRACE = ['-f', HOSTILE, '--from', 'pod:default/client', '--to', 'pod:default/web', '--port', '80/TCP', '--http', 'GET /nope'];

// what a terminal acts on: C0/C1 controls but line feed and tab, DEL, bidi overrides, line separators
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;
const FORGED_LINE = /^[\s|>-]*(FORGED|ALLOW  FORGED)/m;

/** The payloads reached this output (so the test can fail), and none of them acts. */
function assertSafeText(text: string, what: string): void {
  assert.match(text, /FORGED/, `${what}: the hostile input does not reach this output`);
  assert.doesNotMatch(text, TERMINAL_CONTROL, `${what}: a control character reaches the terminal`);
  assert.doesNotMatch(text, FORGED_LINE, `${what}: input starts a line of its own`);
}

/** RFC 4180 records: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(cell); cell = ''; } else if (c === '\n') { record.push(cell); records.push(record); record = []; cell = ''; } else cell += c;
  }
  record.push(cell);
  records.push(record);
  return records;
}

/** Markdown: no HTML from input, no link or image, no mention, every table row as wide as its header. */
function assertSafeMarkdown(md: string, what: string): void {
  assertSafeText(md, what);
  // inside a code span (opened before them) HTML, links and mentions are shown as text
  const outsideCode = md.replace(/(`+)[^`][\s\S]*?\1/g, '');
  assert.doesNotMatch(outsideCode, /<!--/, `${what}: input opens an HTML comment`);
  assert.doesNotMatch(outsideCode, /(?<!\\)\]\(http/, `${what}: input makes a link or image`);
  assert.doesNotMatch(outsideCode, /(?<![&#\w])@org/, `${what}: input mentions @org/team`);
  const cells = (row: string) => row.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
  let header = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      header = 0;
      continue;
    }
    if (header === 0) header = cells(line);
    else assert.equal(cells(line), header, `${what}: a table row has more cells than its header: ${line}`);
  }
}

describe('escaping modules', () => {
  it('text: every control character is shown as an escape, line breaks too', () => {
    assert.equal(escapeText('a\u001b[31mb\nc\r\td\u0000\u007f\u009b\u202e'), 'a\\x1b[31mb\\nc\\r\\td\\x00\\x7f\\x9b\\u{202e}');
    assert.equal(escapeText('ok: /path ünïcode ✓'), 'ok: /path ünïcode ✓');
    assert.equal(escapeTerminalOutput('line\n\tindented\u001b[2J'), 'line\n\tindented\\x1b[2J');
  });

  it('Markdown: entities for HTML, escapes for inline markup, code spans longer than their content', () => {
    assert.equal(mdText('<!-- a | b [x](u) @team *e* `c`'), '&lt;!-- a \\| b \\[x\\](u) &#64;team \\*e\\* \\`c\\`');
    assert.equal(htmlText('</summary><img src=x>'), '&lt;/summary&gt;&lt;img src=x&gt;');
    assert.equal(mdCode('a|b'), '`a\\|b`');
    assert.equal(mdCode('x ``` y'), '````x ``` y````');
    assert.equal(mdCode('`a'), '`` `a ``');
    assert.deepEqual(mdFence('a\n```\nb'), ['````', 'a', '```', 'b', '````']);
  });

  it('CSV: formulas neutralised, separators quoted', () => {
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) assert.ok(csvCell(f).replace(/^"/, '').startsWith("'"), f);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("u")'), '"\'=HYPERLINK(""u"")"');
    assert.equal(csvCell('default:app=web'), 'default:app=web');
  });

  it('XML: characters XML forbids are shown as escapes, markup is escaped', () => {
    assert.equal(xmlText('a\u0000b\u000cc\uffffd<e>&'), 'a\\x00b\\x0cc\\u{ffff}d&lt;e&gt;&amp;');
    assert.equal(xmlText('\ud800'), '\\u{d800}');
    assert.equal(xmlAttribute('"x"\ny'), '&quot;x&quot;&#10;y');
  });
});

describe('hostile input in every output', () => {
  const work = mkdtempSync(join(tmpdir(), 'membrane-hostile-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('terminal text: test, trace, validate, policy, matrix, lint, diff', async () => {
    const outputs: [string, string[]][] = [
      ['test', ['test', HOSTILE]],
      ['test -v', ['test', HOSTILE, '-v']],
      ['trace', ['trace', ...TRACE]],
      ['validate', ['validate', '-f', HOSTILE]],
      ['policy --pod', ['policy', '-f', HOSTILE, '--pod', 'default/client']],
      ['policy -o wide', ['policy', '-f', HOSTILE, '--pod', 'default/web', '-o', 'wide']],
      ['policy --all', ['policy', '-f', HOSTILE, '--all', '-o', 'wide']],
      ['matrix', ['matrix', '-f', HOSTILE]],
      ['lint', ['lint', '-f', HOSTILE]],
      ['diff', ['diff', '-f', HOSTILE, HOSTILE, OPEN, '-o', 'text']],
      ['replay', ['replay', '-f', HOSTILE, FLOWS]],
    ];
    for (const [what, args] of outputs) {
      const r = await runCli(...args);
      assert.ok(r.code < 2 || what === 'validate', `${what}: ${r.stderr}`);
      assertSafeText(`${r.stdout}\n${r.stderr}`, what);
    }
  });

  it('a hostile file name is escaped wherever it is shown', async () => {
    const file = join(work, 'evil\u001b[2J\nFORGED ALLOW <!--.yaml');
    copyFileSync(HOSTILE, file);
    for (const args of [['validate', '-f', file], ['test', file], ['lint', '-f', file, '-o', 'md']]) {
      const r = await runCli(...args);
      assertSafeText(`${r.stdout}\n${r.stderr}`, args[0]!);
      assert.match(`${r.stdout}\n${r.stderr}`, /evil\\x1b\[2J\\nFORGED/);
    }
  });

  it('Markdown: diff, lint and matrix for pull requests', async () => {
    const diff = await runCli('diff', '-f', HOSTILE, HOSTILE, OPEN);
    assertSafeMarkdown(diff.stdout, 'diff -o md');
    const lint = await runCli('lint', '-f', HOSTILE, '-o', 'md');
    assertSafeMarkdown(lint.stdout, 'lint -o md');
    const matrix = await runCli('matrix', '-f', HOSTILE, '-o', 'md');
    assertSafeMarkdown(matrix.stdout, 'matrix -o md');
    const replay = await runCli('replay', '-f', HOSTILE, FLOWS, '-o', 'md');
    assertSafeMarkdown(replay.stdout, 'replay -o md');
  });

  it('CSV: every record keeps its six cells, none of them a formula', async () => {
    const r = await runCli('matrix', '-f', HOSTILE, '-o', 'csv');
    const records = parseCsv(r.stdout);
    assert.ok(records.some((rec) => rec.some((cell) => cell.includes('FORGED'))), 'the hostile label reaches the CSV');
    for (const rec of records) {
      assert.equal(rec.length, 6, JSON.stringify(rec));
      for (const cell of rec) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
    }
    assert.doesNotMatch(r.stdout, TERMINAL_CONTROL);
  });

  it('SARIF: messages are one-line text and escaped Markdown', async () => {
    const r = await runCli('lint', '-f', HOSTILE, '-o', 'sarif');
    const sarif = JSON.parse(r.stdout) as { runs: { results: { message: { text: string; markdown: string } }[] }[] };
    const results = sarif.runs[0]!.results;
    assert.ok(results.some((x) => x.message.text.includes('FORGED')), 'the hostile policy name reaches a SARIF message');
    for (const x of results) {
      assert.doesNotMatch(x.message.text, TERMINAL_CONTROL);
      assert.doesNotMatch(x.message.text, FORGED_LINE);
      assert.doesNotMatch(x.message.markdown, /<!--|(?<!\\)\]\(http/);
    }
  });

  it('JUnit: no character XML forbids, no markup from input', async () => {
    const junit = join(work, 'junit.xml');
    const r = await runCli('test', HOSTILE, '--junit', junit);
    assert.equal(r.code, 1);
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /FORGED/);
    assert.doesNotMatch(xml, /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u, 'a character XML forbids');
    assert.doesNotMatch(xml, /<!--/);
    // every element's attributes are well quoted: nothing from input closes a quote or opens a tag
    for (const tag of xml.match(/<[^>]*>/g)!) assert.match(tag, /^<\/?[a-z?][\w?]*(?:\s+[a-z]+="[^"<]*")*\s*\/?\??>$/, tag);
  });

  it('the terminal safety net: what a command prints passes through it, colour only after', async () => {
    const out: string[] = [];
    const { main } = await import('../../src/cli/main.js');
    await main(['trace', ...TRACE, '--color=always'], { out: (t) => out.push(t), err: () => {} });
    const text = out.join('\n');
    // the only ESC sequences left are the colours Membrane adds
    assert.deepEqual([...new Set(text.match(/\u001b\[[0-9;]*m/g))].sort(), ['\u001b[0m', '\u001b[31m', '\u001b[32m']);
    assert.doesNotMatch(text.replace(/\u001b\[[0-9;]*m/g, ''), TERMINAL_CONTROL);
  });
});

describe('git revisions from the command line', () => {
  it('a revision that looks like an option never reaches git as one', () => {
    const target = join(tmpdir(), `membrane-pwned-${process.pid}`);
    const r = readGitSpec(`--output=${target}:x`);
    assert.equal(r.inputs.length, 0);
    assert.match(r.errors[0]!.message, /is not a git revision/);
    assert.throws(() => readFileSync(target), /ENOENT/);
  });

  it('a revision and path still read from git', () => {
    const r = readGitSpec('HEAD:examples/seed');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.inputs.map((i) => i.file), ['HEAD:examples/seed/seed-demo.yaml']);
  });
});
