// CodeMirror 6 LogQL editor: Grafana's lezer grammar for highlighting, completion from the Loki API,
// and parse errors from the API's 400 text shown inline.
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt, drawSelection, highlightActiveLine } from '@codemirror/view';
import { LRLanguage, LanguageSupport, syntaxHighlighting, HighlightStyle, bracketMatching } from '@codemirror/language';
import { autocompletion, closeBrackets, type CompletionContext as CmContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { styleTags, tags as t } from '@lezer/highlight';
import { parser } from '@grafana/lezer-logql';
import { completionContext, LOGQL_KEYWORDS } from './complete';
import { parseErrorPosition } from './loki';

const logqlLanguage = LRLanguage.define({
  name: 'logql',
  parser: parser.configure({
    props: [styleTags({
      Identifier: t.variableName,
      String: t.string,
      'Number Duration Bytes': t.number,
      LineComment: t.lineComment,
      'Eq Neq Re Nre PipeExact PipeMatch PipePattern Npa Gtr Gte Lss Lte Add Sub Mul Div Mod Pow Pipe': t.operator,
      'Json Logfmt Unpack Pattern Regexp Unwrap LabelFormat LineFormat Decolorize Drop Keep': t.keyword,
      'By Without Bool On Ignoring GroupLeft GroupRight Offset And Or Unless Vector LabelReplace Ip': t.keyword,
      'Sum Avg Count Max Min Stddev Stdvar Bottomk Topk Sort Sort_Desc Approx_Topk': t.function(t.variableName),
      'CountOverTime Rate RateCounter BytesOverTime BytesRate AvgOverTime SumOverTime MinOverTime MaxOverTime StddevOverTime StdvarOverTime QuantileOverTime FirstOverTime LastOverTime AbsentOverTime': t.function(t.variableName),
      '( )': t.paren, '{ }': t.brace, '[ ]': t.squareBracket,
    })],
  }),
  languageData: { closeBrackets: { brackets: ['(', '[', '{', '"', '`'] } },
});

const highlight = HighlightStyle.define([
  { tag: t.variableName, color: 'var(--code-label)' },
  { tag: t.string, color: 'var(--code-string)' },
  { tag: t.number, color: 'var(--code-number)' },
  { tag: t.keyword, color: 'var(--code-keyword)', fontWeight: '600' },
  { tag: t.function(t.variableName), color: 'var(--code-function)' },
  { tag: t.operator, color: 'var(--code-operator)' },
  { tag: t.lineComment, color: 'var(--text-weak)', fontStyle: 'italic' },
]);

export interface CompletionSource {
  labelNames(): Promise<string[]>;
  labelValues(label: string, selector: string): Promise<string[]>;
}

function logqlCompletion(source: CompletionSource) {
  return async (ctx: CmContext): Promise<CompletionResult | null> => {
    const before = ctx.state.sliceDoc(0, ctx.pos);
    const c = completionContext(before);
    try {
      switch (c.kind) {
        case 'label-name': {
          const names = await source.labelNames();
          return { from: ctx.pos - c.prefix.length, options: names.map((n) => ({ label: n, type: 'property', apply: `${n}=` })), validFor: /^\w*$/ };
        }
        case 'label-value': {
          const values = await source.labelValues(c.label, c.selector);
          return { from: ctx.pos - c.prefix.length, options: values.map((v) => ({ label: v, type: 'text' })), validFor: /^[^"]*$/ };
        }
        case 'keyword':
          if (!ctx.explicit && c.prefix.length === 0) return null;
          return { from: ctx.pos - c.prefix.length, options: LOGQL_KEYWORDS.map((k) => ({ label: k.label, detail: k.detail, type: 'keyword' })), validFor: /^\w*$/ };
        default:
          return null;
      }
    } catch {
      return null;
    }
  };
}

export interface EditorOptions {
  doc: string;
  source: CompletionSource;
  onChange: (text: string) => void;
  onRun: () => void;
  placeholder?: string;
}

export function createEditor(parent: HTMLElement, o: EditorOptions): EditorView {
  const run = () => { o.onRun(); return true; };
  const extensions: Extension[] = [
    history(), drawSelection(), highlightActiveLine(), bracketMatching(), closeBrackets(), lintGutter(),
    new LanguageSupport(logqlLanguage), syntaxHighlighting(highlight),
    autocompletion({ override: [logqlCompletion(o.source)], activateOnTyping: true }),
    Prec.highest(keymap.of([{ key: 'Shift-Enter', run }, { key: 'Mod-Enter', run }])),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    placeholderExt(o.placeholder ?? 'Enter a LogQL query, e.g. {app="python-starter-kit"} |= "error"  (Shift+Enter to run)'),
    EditorView.lineWrapping,
    EditorView.updateListener.of((u) => { if (u.docChanged) o.onChange(u.state.doc.toString()); }),
  ];
  return new EditorView({ state: EditorState.create({ doc: o.doc, extensions }), parent });
}

/** Shows a Loki error inline: with a position for parse errors, on the whole query otherwise. */
export function showQueryError(view: EditorView, message: string | undefined) {
  if (!message) { view.dispatch(setDiagnostics(view.state, [])); return; }
  const pos = parseErrorPosition(message);
  const doc = view.state.doc;
  if (!pos) { view.dispatch(setDiagnostics(view.state, [])); return; }
  const lineNo = Math.min(Math.max(pos.line, 1), doc.lines);
  const line = doc.line(lineNo);
  const from = Math.min(line.from + Math.max(pos.col - 1, 0), line.to);
  const to = Math.min(Math.max(from + 1, line.to > from ? from + 1 : from), doc.length);
  view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(to, from), severity: 'error', message, source: 'Loki' }]));
}

export function setDoc(view: EditorView, text: string) {
  if (view.state.doc.toString() !== text) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
