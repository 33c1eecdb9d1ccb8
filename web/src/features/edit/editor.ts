/** CodeMirror 6 set up for policies: YAML, inline diagnostics from the engine, a highlighted rule. */

import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { EditorDiagnostic } from '../../worker/protocol.js';

export const setHighlight = StateEffect.define<{ from: number; to: number } | null>();

/** The lines of the rule a link pointed at. */
const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setHighlight)) continue;
      if (!e.value) {
        next = Decoration.none;
        continue;
      }
      const doc = tr.state.doc;
      const ranges = [];
      const from = Math.max(1, Math.min(e.value.from, doc.lines));
      const to = Math.max(from, Math.min(e.value.to, doc.lines));
      for (let l = from; l <= to; l++) ranges.push(Decoration.line({ class: 'cm-rule-highlight' }).range(doc.line(l).from));
      next = Decoration.set(ranges);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** 1-based line and column -> document offset. */
export function offsetOf(state: EditorState, line: number, column: number): number {
  const l = state.doc.line(Math.max(1, Math.min(line, state.doc.lines)));
  return Math.min(l.to, l.from + Math.max(0, column - 1));
}

export function toCmDiagnostics(state: EditorState, list: readonly EditorDiagnostic[]): CmDiagnostic[] {
  return list.map((d) => {
    const from = offsetOf(state, d.line, d.column);
    const line = state.doc.lineAt(from);
    // underline to the end of the word or value at the position
    const rest = state.doc.sliceString(from, line.to);
    const word = /^[^\s,:{}[\]]+/.exec(rest)?.[0].length ?? 0;
    return { from, to: Math.max(from + word, from), severity: d.severity, message: d.message, source: d.code };
  });
}

export function policyEditorExtensions(check: (text: string) => Promise<readonly EditorDiagnostic[] | undefined>, onChange: (text: string) => void): Extension[] {
  return [
    basicSetup,
    yaml(),
    EditorState.tabSize.of(2),
    highlightField,
    lintGutter(),
    linter(async (view) => {
      const text = view.state.doc.toString();
      const list = await check(text);
      // the text changed meanwhile: a newer check will report
      if (!list || view.state.doc.toString() !== text) return [];
      return toCmDiagnostics(view.state, list);
    }, { delay: 250 }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    }),
    EditorView.theme({ '&': { height: '100%' }, '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: '12.5px' } }),
  ];
}
