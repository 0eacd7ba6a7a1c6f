package dev.plg.logql.pipeline.impl;

import dev.plg.logql.ast.LogExpr;
import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.LogPipeline;
import dev.plg.logql.pipeline.StreamPipeline;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import java.util.List;

/** A compiled log pipeline: immutable, thread-safe; {@link #forStream} creates the per-stream state. */
public final class CompiledPipeline implements LogPipeline {
    private final Op[] ops;
    private final List<String> required;
    private final List<Compiler.JsonFieldHint> jsonHints;

    public CompiledPipeline(LogExpr expr) {
        this(expr, true);
    }

    /** {@code parserHints}: Loki's label filter hints to parsers (log queries; see {@link Compiler#compile}). */
    CompiledPipeline(LogExpr expr, boolean parserHints) {
        this(expr, parserHints, null);
    }

    /** {@code extract}: when not null, the only labels json and logfmt parsers set (see {@link Compiler#compile}). */
    CompiledPipeline(LogExpr expr, boolean parserHints, java.util.Set<String> extract) {
        this(expr, parserHints, extract, null);
    }

    /** {@code deferred}: see {@link Compiler#compile(LogExpr, boolean, java.util.Set, String)}. */
    CompiledPipeline(LogExpr expr, boolean parserHints, java.util.Set<String> extract, String deferred) {
        Compiler.Compiled c = Compiler.compile(expr, parserHints, extract, deferred);
        this.ops = c.ops().toArray(Op[]::new);
        this.required = c.requiredSubstrings();
        this.jsonHints = c.jsonFieldHints();
        this.readsTemplates = firstLineReaderIsJson(ops);
    }

    private final boolean readsTemplates;

    /** Whether the first stage that reads the line is a json parser without parameters (label filters read none). */
    private static boolean firstLineReaderIsJson(Op[] ops) {
        for (Op op : ops) {
            Op o = op instanceof Compiler.HintedParserOp h ? h.parser : op;
            if (!(o instanceof Compiler.LabelFilterOp)) {
                return o instanceof Compiler.JsonOp;
            }
        }
        return false;
    }

    @Override
    public boolean readsTemplates() {
        return readsTemplates;
    }

    Op[] ops() {
        return ops;
    }

    @Override
    public StreamPipeline forStream(List<LabelPair> streamLabels) {
        // `| json | field="value"`: a line without the value's bytes cannot pass (as for block skipping)
        List<String> hints = requiredSubstrings(streamLabels);
        ByteFilter[] pre = new ByteFilter[hints.size() - required.size()];
        for (int i = 0; i < pre.length; i++) {
            pre[i] = new ByteFilter.Contains(hints.get(required.size() + i));
        }
        return new Stream(ops, streamLabels, pre);
    }

    @Override
    public List<String> requiredSubstrings() {
        return required;
    }

    @Override
    public List<String> requiredSubstrings(List<LabelPair> streamLabels) {
        if (jsonHints.isEmpty()) {
            return required;
        }
        List<String> out = new java.util.ArrayList<>(required);
        for (Compiler.JsonFieldHint h : jsonHints) {
            boolean streamLabel = false;
            for (LabelPair p : streamLabels) {
                if (p.name().equals(h.field())) {
                    streamLabel = true;
                    break;
                }
            }
            if (!streamLabel) {
                out.add(h.needle());
            }
        }
        return out;
    }

    static final class Stream implements StreamPipeline {
        private final Op[] ops;
        private final ByteFilter[] pre;
        final EntryState state;

        Stream(Op[] ops, List<LabelPair> streamLabels, ByteFilter[] pre) {
            this.ops = ops;
            this.pre = pre;
            this.state = new EntryState(new LabelsBuilder(streamLabels));
            // the parser's cache is found before the first line: with one parser, a stream's first line
            // is no miss the compiled stages never saw (that miss would deoptimise them at every new stream)
            for (Op op : ops) {
                Op o = op instanceof Compiler.HintedParserOp h ? h.parser : op;
                if (o instanceof Compiler.JsonOp || o instanceof Compiler.LogfmtOp) {
                    state.keyCache(o);
                }
            }
        }

        @Override
        public EntryResult process(long timestampNanos, byte[] line, int offset, int length,
                                   List<LabelPair> structuredMetadata) {
            for (ByteFilter f : pre) {
                if (!f.test(line, offset, length)) {
                    return null;
                }
            }
            EntryState s = state;
            s.reset(timestampNanos, line, offset, length, structuredMetadata);
            for (Op op : ops) {
                if (!op.process(s)) {
                    return null;
                }
            }
            return s;
        }

        /**
         * The line's required substrings (the json field hints) are not tested here: they only
         * spare parsing lines that cannot pass, and testing them would rebuild every line.
         */
        @Override
        public EntryResult process(long timestampNanos, TemplatedLine line, List<LabelPair> structuredMetadata) {
            EntryState s = state;
            s.reset(timestampNanos, line, structuredMetadata);
            for (Op op : ops) {
                if (!op.process(s)) {
                    return null;
                }
            }
            return s;
        }

        /** Runs the stages and returns the state (or null when dropped); used by the sample extractors. */
        EntryState run(long ts, byte[] line, int offset, int length, List<LabelPair> md) {
            return (EntryState) process(ts, line, offset, length, md);
        }

        EntryState run(long ts, TemplatedLine line, List<LabelPair> md) {
            return (EntryState) process(ts, line, md);
        }
    }
}
