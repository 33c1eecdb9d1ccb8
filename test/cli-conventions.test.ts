/**
 * Conventions every command follows: repeatable (never variadic) options, exit codes and
 * examples in every --help, unknown options reported with a suggestion, a document `kind`
 * and `version` in every JSON output, version, completion and colour.
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { autoColor } from '../src/cli/color.js';
import { CommandContext } from '../src/cli/context.js';
import { buildProgram, main } from '../src/cli/main.js';
import { runCli } from './helpers/cli.js';

const SEED = 'examples/seed/seed-demo.yaml';
const NEW = 'test/fixtures/allow-all-app2.yaml';

function program(): Command {
  return buildProgram(new CommandContext({ out: () => {}, err: () => {} }));
}

/** Every command, nested ones too (`lab up`), with the words that run it. */
function allCommands(cmd: Command = program(), path: string[] = []): { cmd: Command; path: string[] }[] {
  return cmd.commands.flatMap((c) => [{ cmd: c, path: [...path, c.name()] }, ...allCommands(c, [...path, c.name()])]);
}

describe('options and arguments', () => {
  it('no option takes several values at once (it would swallow the positional arguments after it)', () => {
    for (const { cmd, path } of [{ cmd: program(), path: [] as string[] }, ...allCommands()]) {
      for (const o of cmd.options) assert.equal(o.variadic, false, `${path.join(' ')} ${o.flags}`);
    }
  });

  it('diff -f CLUSTER OLD NEW: -f takes one path, OLD and NEW stay arguments (the README CI line)', async () => {
    const r = await runCli('diff', '-f', SEED, SEED, NEW, '--fail-on-new-allow');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^## Membrane policy diff/);
    assert.match(r.stdout, /\*\*\d+ newly allowed\*\*/);
    const twice = await runCli('diff', '-f', SEED, '-f', NEW, SEED, SEED, '-o', 'json');
    assert.equal(twice.code, 0, twice.stderr);
  });

  it('-f is repeatable everywhere, and a repeatable list option also takes commas', async () => {
    const r = await runCli('trace', '-f', SEED, '-f', NEW, '--from', 'pod:default/other', '--to', 'pod:default/app2', '--port', '80/TCP');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ALLOW/);
    const lint = await runCli('lint', '-f', SEED, '--enable', 'shadowed-rule,dns-blocked-by-egress', '--enable', 'no-such-rule');
    assert.equal(lint.code, 2);
    assert.match(lint.stderr, /unknown rule "no-such-rule"/);
  });

  it('a misspelled option gets "unknown option" and a suggestion, not "required option missing"', async () => {
    const r = await runCli('trace', '-f', SEED, '--form', 'pod:default/app1', '--to', 'pod:default/app2');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unknown option '--form'\n\(Did you mean --from\?\)/);
    assert.doesNotMatch(r.stderr, /required option/);
    const missing = await runCli('trace', '-f', SEED, '--to', 'pod:default/app2');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: required option '--from <endpoint>' not specified/);
    const command = await runCli('tarce');
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command 'tarce'\n\(Did you mean trace\?\)/);
  });

  it('a missing file is named once', async () => {
    const r = await runCli('validate', '-f', 'nope.yaml');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.match(/nope\.yaml/g)?.length, 1, r.stderr);
    assert.match(r.stderr, /^nope\.yaml: error: no such file or directory/);
  });
});

describe('--help', () => {
  it('every command documents its exit codes and shows examples', async () => {
    for (const { cmd, path } of allCommands()) {
      if (cmd.name() === 'help') continue;
      const r = await runCli(...path, '--help');
      assert.equal(r.code, 0, path.join(' '));
      // a group of commands (lab) shows examples; each of its commands has exit codes
      if (cmd.commands.length === 0) assert.match(r.stdout, /Exit code: /, `${path.join(' ')} --help names its exit codes`);
      assert.match(r.stdout, /Examples:\n(?: {2}.*\n)*? {2}membrane /, `${path.join(' ')} --help shows examples`);
    }
    const top = await runCli('--help');
    assert.match(top.stdout, /Exit codes \(every command\):\n {2}0 {3}success\n {2}1 {3}findings/);
    assert.match(top.stdout, /--color <when>/);
  });
});

describe('JSON output', () => {
  const commands: [string, string[]][] = [
    ['FlowExplanation', ['trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'pod:default/app2']],
    ['ValidationReport', ['validate', '-f', SEED]],
    ['LintReport', ['lint', '-f', SEED]],
    ['LintRuleList', ['lint', '--list-rules']],
    ['EndpointPolicy', ['policy', '-f', SEED, '--pod', 'default/app1']],
    ['EndpointPolicyList', ['policy', '-f', SEED, '--all']],
    ['ConnectivityMatrix', ['matrix', '-f', SEED]],
    ['PolicyDiff', ['diff', SEED, NEW]],
    ['ReplayReport', ['replay', '-f', SEED, 'test/fixtures/hubble/seed-flows.jsonl']],
    ['TestResults', ['test', 'test/fixtures/failing-test.yaml']],
    ['Version', ['version']],
  ];
  it('every command\'s -o json starts with kind and version', async () => {
    for (const [kind, args] of commands) {
      const r = await runCli(...args, '-o', 'json');
      assert.ok(r.code < 2, `${args.join(' ')}: ${r.stderr}`);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc).slice(0, 2), ['kind', 'version'], args.join(' '));
      assert.equal(doc.kind, kind);
      assert.equal(doc.version, 1);
    }
  });
});

describe('version', () => {
  it('--version prints the version alone, `version` with Node and the platform', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const short = await runCli('--version');
    assert.equal(short.code, 0);
    assert.equal(short.stdout, version);
    const long = await runCli('version');
    assert.equal(long.stdout, `membrane ${version} (Node.js ${process.version}, ${process.platform}-${process.arch})`);
  });
});

describe('completion', () => {
  it('bash completes commands, options, output formats and --color values', async () => {
    const script = (await runCli('completion', 'bash')).stdout;
    const complete = (...words: string[]) => {
      const shell = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _membrane; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', shell], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n').filter(Boolean);
    };
    assert.deepEqual(complete('membrane', 'tr'), ['trace']);
    assert.ok(complete('membrane', 'trace', '--fr').includes('--from'));
    assert.deepEqual(complete('membrane', 'lint', '-o', ''), ['text', 'json', 'yaml', 'md', 'sarif']);
    assert.deepEqual(complete('membrane', 'policy', '--output', 'w'), ['wide']);
    assert.deepEqual(complete('membrane', '--color', 'a'), ['auto', 'always']);
    assert.deepEqual(complete('membrane', 'completion', 'z'), ['zsh']);
    assert.ok(complete('membrane', 'trace', '-f', 'examples/se').includes('examples/seed'));
  });

  it('zsh and fish scripts name every command and option', async () => {
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli('completion', shell);
      assert.equal(r.code, 0);
      for (const cmd of program().commands) {
        if (cmd.name() === 'help') continue;
        assert.ok(r.stdout.includes(shell === 'zsh' ? `        ${cmd.name()}) _arguments` : `-a ${cmd.name()} -d`), `${shell}: ${cmd.name()}`);
        for (const o of cmd.options) {
          const name = o.long!.slice(2);
          assert.ok(r.stdout.includes(shell === 'zsh' ? `--${name}` : `-l ${name}`), `${shell}: ${cmd.name()} --${name}`);
        }
      }
      // the shell itself accepts the script, where it is installed
      const file = join(mkdtempSync(join(tmpdir(), 'membrane-completion-')), `membrane.${shell}`);
      writeFileSync(file, r.stdout);
      const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      if (!check.error) assert.equal(check.status, 0, `${shell} -n: ${check.stderr}`);
    }
    assert.equal((await runCli('completion', 'powershell')).code, 2);
  });
});

describe('colour', () => {
  const run = async (autoOut: boolean, ...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), autoColor: { out: autoOut, err: autoOut } });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  };
  const trace = ['trace', '-f', SEED, '--from', 'pod:default/app1', '--to', 'pod:default/app2', '--port', '80/TCP', '--http', 'GET /products'];

  it('auto colours verdicts on a terminal only', async () => {
    const tty = await run(true, ...trace);
    assert.match(tty.stdout, /^\u001b\[31mDENY\u001b\[0m {2}pod default\/app1/);
    assert.match(tty.stdout, /^ {2}\u001b\[32mALLOW\u001b\[0m {2}egress/m);
    const pipe = await run(false, ...trace);
    assert.doesNotMatch(pipe.stdout, /\u001b/);
    assert.match(pipe.stdout, /^DENY {2}pod/);
  });

  it('--color=always and --color=never win over the terminal, before or after the command', async () => {
    assert.match((await run(false, '--color=always', ...trace)).stdout, /^\u001b\[31mDENY/);
    assert.match((await run(false, ...trace, '--color', 'always')).stdout, /^\u001b\[31mDENY/);
    assert.doesNotMatch((await run(true, ...trace, '--color=never')).stdout, /\u001b/);
    assert.equal((await run(true, ...trace, '--color=sometimes')).code, 2);
  });

  it('severities in validate and lint output are coloured too', async () => {
    const r = await run(true, 'validate', '-f', 'test/fixtures/typo-policy.yaml');
    assert.match(r.stdout, /: \u001b\[31merror\u001b\[0m: /);
  });

  it('JSON is never coloured', async () => {
    const r = await run(true, ...trace, '-o', 'json', '--color=always');
    assert.doesNotMatch(r.stdout, /\u001b/);
    JSON.parse(r.stdout);
  });

  it('NO_COLOR (non-empty) and TERM=dumb turn auto off; a pipe is never a terminal', () => {
    assert.equal(autoColor({ isTTY: true }, {}), true);
    assert.equal(autoColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(autoColor({ isTTY: true }, { NO_COLOR: '' }), true);
    assert.equal(autoColor({ isTTY: true }, { TERM: 'dumb' }), false);
    assert.equal(autoColor({ isTTY: false }, {}), false);
    assert.equal(autoColor({}, {}), false);
  });
});
