package dev.plg.logql.pipeline.impl;

import dev.plg.logql.pipeline.EntryResult;
import dev.plg.logql.pipeline.TemplatedLine;
import dev.plg.push.LabelPair;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The mutable state of one entry flowing through the stages: the line (as UTF-8 bytes and/or a String,
 * converted lazily) and its labels. Reused for every entry of a stream; also the {@link EntryResult}.
 */
public final class EntryState implements EntryResult {
    long ts;
    private byte[] buf;
    private int off;
    private int len;
    private boolean bytesValid;
    private String str;
    /** The line as a template with hole values while no stage changed it (then buf is rebuilt on demand), else null. */
    private TemplatedLine templated;
    /** With {@link #templated}: whether {@link #len} is known yet. */
    private boolean lenKnown;
    final LabelsBuilder lbs;
    /** Key caches of the parser stages of this stream, by stage index. */
    final java.util.HashMap<Object, KeyCache> keyCaches = new java.util.HashMap<>();
    private List<LabelPair> allCache;
    private List<LabelPair> meta;
    private List<LabelPair> lastMeta;
    private List<LabelPair> lastAll;

    EntryState(LabelsBuilder lbs) {
        this.lbs = lbs;
    }

    void reset(long ts, byte[] line, int offset, int length, List<LabelPair> metadata) {
        this.ts = ts;
        this.buf = line;
        this.off = offset;
        this.len = length;
        this.bytesValid = true;
        this.str = null;
        this.templated = null;
        this.allCache = null;
        this.meta = metadata == null ? List.of() : metadata;
        lbs.reset(metadata);
    }

    /** Starts an entry whose line is {@code line}'s template and values; the bytes are rebuilt only if read. */
    void reset(long ts, TemplatedLine line, List<LabelPair> metadata) {
        reset(ts, null, 0, 0, metadata);
        this.templated = line;
        this.bytesValid = false;
        this.lenKnown = false;
    }

    /** The line as a template with values, or null when it is only bytes or a stage rewrote it. */
    TemplatedLine templated() {
        return templated;
    }
    byte[] buf() {
        ensureBytes();
        return buf;
    }

    int off() {
        ensureBytes();
        return off;
    }

    int len() {
        if (!bytesValid && templated != null) {
            // the line's length needs no rebuilt line
            if (!lenKnown) {
                len = templated.lineLength();
                lenKnown = true;
            }
            return len;
        }
        ensureBytes();
        return len;
    }

    private void ensureBytes() {
        if (!bytesValid && templated != null) {
            buf = templated.lineBytes();
            off = templated.lineOffset();
            len = templated.lineLength();
            bytesValid = true;
            return;
        }
        if (!bytesValid) {
            buf = str.getBytes(StandardCharsets.UTF_8);
            off = 0;
            len = buf.length;
            bytesValid = true;
        }
    }

    String lineString() {
        if (str == null) {
            ensureBytes();
            str = new String(buf, off, len, StandardCharsets.UTF_8);
        }
        return str;
    }

    void setLine(String s) {
        str = s;
        bytesValid = false;
        templated = null;
    }

    void setLine(byte[] b, int o, int l) {
        templated = null;
        buf = b;
        off = o;
        len = l;
        bytesValid = true;
        str = null;
    }

    /** The last stage asked for its cache and that cache: one parser per pipeline needs no hashing per line. */
    private Object lastStage;
    private KeyCache lastCache;

    KeyCache keyCache(Object stage) {
        if (stage == lastStage) {
            return lastCache;
        }
        KeyCache c = keyCaches.get(stage);
        if (c == null) {
            c = new KeyCache();
            keyCaches.put(stage, c);
        }
        lastStage = stage;
        lastCache = c;
        return c;
    }

    LabelsBuilder labels() {
        return lbs;
    }

    @Override
    public String line() {
        return lineString();
    }

    @Override
    public List<LabelPair> streamLabels() {
        return lbs.streamResult();
    }

    @Override
    public List<LabelPair> structuredMetadata() {
        return lbs.metadataResult();
    }

    @Override
    public List<LabelPair> parsedLabels() {
        return lbs.parsedResult();
    }

    @Override
    public List<LabelPair> allLabels() {
        if (allCache == null) {
            if (lbs.onlyBaseAndMetadata()) {
                // consecutive entries of a stream usually share their metadata: reuse the merged set
                if (lastAll != null && (meta == lastMeta || meta.equals(lastMeta))) {
                    allCache = lastAll;
                } else {
                    allCache = java.util.Collections.unmodifiableList(lbs.allResult());
                    lastMeta = meta;
                    lastAll = allCache;
                }
            } else {
                allCache = lbs.allResult();
            }
        }
        return allCache;
    }
}
