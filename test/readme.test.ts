/**
 * The README's examples run as written: every `$ membrane ...` sample (a ```text block) runs
 * from the checkout, exits 0 or 1 (never a usage error or a crash) and prints the first line
 * the README shows; the quick start's shell lines name commands that exist.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from './helpers/cli.js';

const README = readFileSync('README.md', 'utf8');

/** Shell words of a command line up to a pipe or redirection: spaces separate, quotes group. */
function shellWords(line: string): { words: string[]; piped: boolean } {
  const words: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    if (m[3] !== undefined && /^[|<>]/.test(m[3])) return { words, piped: true };
    words.push(m[1] ?? m[2] ?? m[3]!);
  }
  return { words, piped: false };
}

interface Sample {
  readonly command: string;
  readonly firstLine: string;
}

// `membrane lab` changes this machine (network namespaces, nftables; root): its README
// walkthrough is run by the lab's own tests, not here
const CHANGES_THE_MACHINE = /^lab /;

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const block of README.matchAll(/```text\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    const m = /^\$ (?:npx )?membrane (.*)$/.exec(lines[0]!);
    if (m && !CHANGES_THE_MACHINE.test(m[1]!)) out.push({ command: m[1]!, firstLine: lines[1] ?? '' });
  }
  return out;
}

describe('README', () => {
  it('has samples to check', () => {
    assert.ok(samples().length >= 4, 'the README shows membrane commands with their output');
  });

  for (const sample of samples()) {
    it(`membrane ${sample.command.slice(0, 60)}`, async () => {
      const { words, piped } = shellWords(sample.command);
      const r = await runCli(...words);
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      // a pipeline's output is what the next command made of it
      if (!piped) assert.equal(r.stdout.split('\n')[0]!.trimEnd(), sample.firstLine.trimEnd());
    });
  }

  it('the install step names the tarball npm pack writes', () => {
    const { name, version } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
    const tarballs = [...README.matchAll(/\.\/(membrane-[\w.-]+\.tgz)/g)].map((m) => m[1]);
    assert.ok(tarballs.length > 0);
    for (const t of tarballs) assert.equal(t, `${name}-${version}.tgz`);
  });

  it('every membrane command named in the README exists', async () => {
    const { buildProgram } = await import('../src/cli/main.js');
    const { CommandContext } = await import('../src/cli/context.js');
    const names = new Set(buildProgram(new CommandContext({ out: () => {}, err: () => {} })).commands.map((c) => c.name()));
    for (const m of README.matchAll(/(?:^|[`$(] ?|\| `)membrane ([a-z]+)/gm)) {
      assert.ok(names.has(m[1]!), `README names "membrane ${m[1]}"`);
    }
  });
});
