/**
 * re2ProgramSize against RE2 C++ itself: every row of re2-program-size.golden.tsv was
 * computed by RE2 C++ 2022-06-01 (Debian's libre2; regenerate with tools/re2-sizes.ts).
 * The same computation for RE2 2024-07-02 (what Envoy bundles) differs only where that release
 * changed (Unicode 15 case folding, issue 467's fold fix, capped repeats of assertions).
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { re2LiteralProgramSize, re2ProgramSize } from './re2-program-size.js';

const rows = readFileSync(new URL('./re2-program-size.golden.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const tab = l.indexOf('\t');
    return { size: l.slice(0, tab), source: l.slice(tab + 1) };
  });

describe('re2ProgramSize equals RE2 C++ 2022-06-01 on the golden table', () => {
  it(`has a large table (${rows.length} regexes)`, () => assert.ok(rows.length > 4000));

  it('every regex RE2 accepts: the exact size, or "unknown" (Unicode groups only)', () => {
    const wrong: string[] = [];
    let unknown = 0;
    for (const row of rows) {
      if (row.size === 'ERR') continue;
      const got = re2ProgramSize(row.source, '2022-06-01');
      if (!got.exact) {
        unknown++;
        // unknown is only for Unicode groups, and it never claims a size Envoy accepts
        if (!/\\[pP]/.test(row.source) || got.size <= 100) wrong.push(`${row.source}: unknown`);
        continue;
      }
      if (got.size !== Number(row.size)) wrong.push(`${row.source}: ${got.size}, RE2 says ${row.size}`);
    }
    assert.deepEqual(wrong.slice(0, 20), []);
    assert.ok(unknown < 10, `${unknown} unknown`);
  });

  it('the plain-literal fast path agrees with RE2 on the table\'s plain literals', () => {
    let checked = 0;
    for (const row of rows) {
      if (row.size === 'ERR' || /[\\.+*?()|[\]{}^$]/.test(row.source) || row.source === '') continue;
      checked++;
      assert.equal(re2LiteralProgramSize(row.source), Number(row.size), row.source);
    }
    assert.ok(checked > 20, `${checked} literals`);
  });
});

describe('re2ProgramSize for RE2 2024-07-02 (Envoy\'s)', () => {
  it('caps counted repetitions of assertions at one (RE2 commit e664633)', () => {
    // 2022-06-01 expands ^{3} into three assertions
    assert.equal(re2ProgramSize('^{3}x', '2022-06-01').size, 5);
    assert.equal(re2ProgramSize('^{3}x', '2024-07-02').size, 3);
  });
  it('folds Unicode 15.1 pairs: U+1FD3 joins U+0390', () => {
    assert.ok(re2ProgramSize('(?i)\u1fd3', '2024-07-02').size > re2ProgramSize('(?i)\u1fd3', '2022-06-01').size);
  });
  it('equals 2022-06-01 on every golden row without case folding or counted repetition', () => {
    for (const row of rows) {
      if (row.size === 'ERR' || /\(\?[a-zA-Z-]*i|\{|\\[pP]/.test(row.source)) continue;
      assert.equal(re2ProgramSize(row.source, '2024-07-02').size, Number(row.size), row.source);
    }
  });
});
