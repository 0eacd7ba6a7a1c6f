package dev.plg.logql.pipeline.impl;

import dev.plg.push.LabelPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The labels of one entry while stages run, in Loki's three categories: stream labels (the base),
 * structured metadata and parsed labels, plus deletions and the {@code __error__} / {@code __error_details__}
 * pair. Mirrors Loki's {@code LabelsBuilder}: lookups prefer added labels (stream, metadata, parsed order)
 * over the base. Not thread-safe: owned by one stream pipeline.
 */
public final class LabelsBuilder {
    public static final int STREAM = 0;
    public static final int METADATA = 1;
    public static final int PARSED = 2;
    public static final String ERROR = "__error__";
    public static final String ERROR_DETAILS = "__error_details__";

    private final List<LabelPair> base;
    private final Map<String, String> baseMap;
    /** {@link #baseMap} as arrays, the names interned: an interned name (a query's) is found by identity. */
    private final String[] baseNames;
    private final String[] baseValues;
    private final ArrayList<String>[] addNames;
    private final ArrayList<String>[] addValues;
    private final ArrayList<String> del = new ArrayList<>();
    private String err = "";
    private String errDetails = "";
    private boolean errPreserved;
    /** Parser hints while a parser runs: label name to the filter its extracted value must pass. */
    private Map<String, Compiler.LabelPredicate> guard;
    private boolean guardRejected;
    /** Metadata of the current entry, copied into the METADATA category on first use (filters never need it). */
    private List<LabelPair> pendingMeta;
    /** When not null, every parsed label set, as name and value (see {@link JsonTemplates}). */
    ArrayList<String> trace;
    /**
     * The hole of the current templated line whose value a json stage left unset as a label because
     * only an {@code unwrap} and number filters read it ({@link JsonTemplates}, deferred label), or -1.
     */
    int deferredHole = -1;
    /** With {@link #deferredHole} &gt;= 0: the templated line json read (a later stage may have rewritten the entry's line). */
    dev.plg.logql.pipeline.TemplatedLine deferredLine;

    @SuppressWarnings("unchecked")
    public LabelsBuilder(List<LabelPair> base) {
        this.base = List.copyOf(base);
        this.baseMap = new HashMap<>();
        for (LabelPair p : base) {
            baseMap.put(p.name(), p.value());
        }
        this.baseNames = new String[baseMap.size()];
        this.baseValues = new String[baseMap.size()];
        int j = 0;
        for (Map.Entry<String, String> e : baseMap.entrySet()) {
            baseNames[j] = e.getKey().intern();
            baseValues[j++] = e.getValue();
        }
        addNames = new ArrayList[3];
        addValues = new ArrayList[3];
        for (int i = 0; i < 3; i++) {
            addNames[i] = new ArrayList<>();
            addValues[i] = new ArrayList<>();
        }
    }

    public List<LabelPair> base() {
        return base;
    }

    /** Starts a new entry with its structured metadata. */
    public void reset(List<LabelPair> metadata) {
        // Most entries add nothing to most categories: an empty list is left as it is (clearing
        // seven lists per entry was 4% of a grouped JSON metric query).
        for (int i = 0; i < 3; i++) {
            if (!addNames[i].isEmpty()) {
                addNames[i].clear();
                addValues[i].clear();
            }
        }
        if (!del.isEmpty()) {
            del.clear();
        }
        err = "";
        errDetails = "";
        errPreserved = false;
        deferredHole = -1;
        pendingMeta = metadata == null || metadata.isEmpty() ? null : metadata;
    }

    private void materialize() {
        List<LabelPair> md = pendingMeta;
        if (md != null) {
            pendingMeta = null;
            for (LabelPair p : md) {
                set(METADATA, p.name(), p.value());
            }
        }
    }

    /** True when nothing changed the stream labels and no label was added beyond the metadata. */
    public boolean untouched() {
        materialize();
        return del.isEmpty() && addNames[STREAM].isEmpty() && addNames[PARSED].isEmpty() && err.isEmpty()
                && errDetails.isEmpty();
    }

    /** True when the labels are exactly the stream labels plus the entry's structured metadata, unchanged. */
    public boolean onlyBaseAndMetadata() {
        return del.isEmpty() && addNames[STREAM].isEmpty() && addNames[PARSED].isEmpty() && err.isEmpty()
                && errDetails.isEmpty();
    }

    /** {@link #untouchedToken()} of an entry without structured metadata. */
    private static final Object NO_METADATA = new Object();

    /**
     * When the labels are exactly the stream labels plus the entry's structured metadata list,
     * nothing added, deleted or failed (the metadata still as that list): the list itself, or a
     * fixed token when it is empty; else {@code null}. Two entries of this builder's stream with
     * the same (identical) token have the same labels, so a caller may reuse what it derived
     * from the first one's labels. Costs a few field reads: no label is looked up.
     */
    public Object untouchedToken() {
        if (!del.isEmpty() || !addNames[STREAM].isEmpty() || !addNames[PARSED].isEmpty()
                || !addNames[METADATA].isEmpty() || !err.isEmpty() || !errDetails.isEmpty()) {
            return null;
        }
        return pendingMeta == null ? NO_METADATA : pendingMeta;
    }

    public boolean baseHas(String name) {
        return baseMap.containsKey(name);
    }

    /** The value of a label, or {@code null} when absent. */
    public String get(String name) {
        String v = streamOrMetadata(name);
        if (v != null) {
            return v;
        }
        v = added(PARSED, name);
        if (v != null) {
            return v;
        }
        if (!del.isEmpty() && del.contains(name)) {
            return null;
        }
        return baseValue(name);
    }

    /** The stream label {@code name}'s value, or null: by identity first, then by content. */
    private String baseValue(String name) {
        String[] n = baseNames;
        for (int i = 0; i < n.length; i++) {
            if (n[i] == name) {
                return baseValues[i];
            }
        }
        return baseMap.get(name);
    }

    /**
     * The value of the label json left in hole {@link #deferredHole} (call only then) when
     * something else gives it one: as {@link #get}, where parsed labels and the stream labels
     * cannot hold that name (json set none of it, and names a key a stream label has
     * {@code _extracted}), so a stream-category label, else structured metadata; else null.
     */
    String deferredValue(String name) {
        return streamOrMetadata(name);
    }

    /** The first two categories {@link #get} looks in: a stream-category label, else structured metadata; else null. */
    private String streamOrMetadata(String name) {
        String v = added(STREAM, name);
        if (v != null) {
            return v;
        }
        return pendingMeta != null ? pending(name) : added(METADATA, name);
    }

    /** The category of a present label, or -1. */
    public int categoryOf(String name) {
        materialize();
        for (int c = 0; c < 3; c++) {
            if (addNames[c].contains(name)) {
                return c;
            }
        }
        if (del.contains(name)) {
            return -1;
        }
        return baseMap.containsKey(name) ? STREAM : -1;
    }

    public void set(int category, String name, String value) {
        if (trace != null && category == PARSED) {
            trace.add(name);
            trace.add(value);
        }
        if (category != PARSED) {
            materialize(); // parsed labels live apart from the metadata: it may stay pending
        }
        ArrayList<String> n = addNames[category];
        for (int i = 0, s = n.size(); i < s; i++) {
            String x = n.get(i);
            if (x == name || x.equals(name)) {
                addValues[category].set(i, value);
                checkGuard(category, name);
                return;
            }
        }
        n.add(name);
        addValues[category].add(value);
        checkGuard(category, name);
    }

    private void checkGuard(int category, String name) {
        if (guard != null && category == PARSED && !guardRejected) {
            Compiler.LabelPredicate p = guard.get(name);
            if (p != null && !p.test(this)) {
                guardRejected = true;
            }
        }
    }

    /** Starts testing parsed labels against {@code hints} (Loki's ShouldContinueParsingLine). */
    void guardParsed(Map<String, Compiler.LabelPredicate> hints) {
        guard = hints;
        guardRejected = false;
    }

    /** The hints parsed labels are tested against while a parser runs, or null. */
    Map<String, Compiler.LabelPredicate> guard() {
        return guard;
    }

    /** True when a parsed label failed its hint since {@link #guardParsed}: the line is dropped, parsing may stop. */
    boolean guardRejected() {
        return guardRejected;
    }

    /** Stops testing; false when a parsed label failed its hint since {@link #guardParsed}. */
    boolean endGuard() {
        guard = null;
        return !guardRejected;
    }

    public void del(String name) {
        materialize();
        for (int c = 0; c < 3; c++) {
            int i = addNames[c].indexOf(name);
            if (i >= 0) {
                addNames[c].remove(i);
                addValues[c].remove(i);
            }
        }
        if (!del.contains(name)) {
            del.add(name);
        }
    }

    public String err() {
        return err;
    }

    public boolean hasErr() {
        return !err.isEmpty();
    }

    public void setErr(String e) {
        err = e;
    }

    public String errDetails() {
        return errDetails;
    }

    public void setErrDetails(String d) {
        errDetails = d;
    }

    /** Marks the current error as coming from before unwrap (post-unwrap filters cannot remove it). */
    public void preserveError() {
        errPreserved = !err.isEmpty();
    }

    public boolean errorPreserved() {
        return errPreserved && !err.isEmpty();
    }

    /** Visits every present label (not the error labels), unsorted. */
    public void forEach(BiConsumer<String, String> f) {
        materialize();
        for (LabelPair p : base) {
            if (isOverridden(p.name()) || (!del.isEmpty() && del.contains(p.name()))) {
                continue;
            }
            f.accept(p.name(), p.value());
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < addNames[c].size(); i++) {
                f.accept(addNames[c].get(i), addValues[c].get(i));
            }
        }
    }

    private boolean isOverridden(String name) {
        for (int c = 0; c < 3; c++) {
            if (!addNames[c].isEmpty() && addNames[c].contains(name)) {
                return true;
            }
        }
        return false;
    }

    public List<LabelPair> streamResult() {
        materialize();
        if (del.isEmpty() && addNames[STREAM].isEmpty() && addNames[PARSED].isEmpty() && addNames[METADATA].isEmpty()) {
            return base;
        }
        ArrayList<LabelPair> out = new ArrayList<>(base.size() + addNames[STREAM].size());
        for (LabelPair p : base) {
            if (isOverridden(p.name()) || del.contains(p.name())) {
                continue;
            }
            out.add(p);
        }
        for (int i = 0; i < addNames[STREAM].size(); i++) {
            out.add(new LabelPair(addNames[STREAM].get(i), addValues[STREAM].get(i)));
        }
        out.sort(null);
        return out;
    }

    public List<LabelPair> metadataResult() {
        return category(METADATA, false);
    }

    public List<LabelPair> parsedResult() {
        return category(PARSED, true);
    }

    private List<LabelPair> category(int c, boolean withErrors) {
        materialize();
        ArrayList<String> n = addNames[c];
        if (n.isEmpty() && (!withErrors || (err.isEmpty() && errDetails.isEmpty()))) {
            return List.of();
        }
        ArrayList<LabelPair> out = new ArrayList<>(n.size() + 2);
        for (int i = 0; i < n.size(); i++) {
            String name = n.get(i);
            if (c == METADATA && (addNames[PARSED].contains(name) || addNames[STREAM].contains(name))) {
                continue;
            }
            if (c == PARSED && addNames[STREAM].contains(name)) {
                continue;
            }
            out.add(new LabelPair(name, addValues[c].get(i)));
        }
        if (withErrors) {
            if (!err.isEmpty()) {
                out.add(new LabelPair(ERROR, err));
            }
            if (!errDetails.isEmpty()) {
                out.add(new LabelPair(ERROR_DETAILS, errDetails));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The value {@code name} has in {@link #allResult()} (or {@code null}), without building it: a
     * stream-category label wins over a parsed one, a parsed one over metadata, metadata over the base.
     */
    public String resultValue(String name) {
        String v = added(STREAM, name);
        if (v == null) {
            v = added(PARSED, name);
        }
        if (v == null) {
            v = pendingMeta != null ? pending(name) : added(METADATA, name);
        }
        if (v != null) {
            return v;
        }
        if (name.equals(ERROR)) {
            return err.isEmpty() ? null : err;
        }
        if (name.equals(ERROR_DETAILS)) {
            return errDetails.isEmpty() ? null : errDetails;
        }
        if (!del.isEmpty() && del.contains(name)) {
            return null;
        }
        return baseValue(name);
    }

    /**
     * The value {@code name} has in the pending metadata (the last pair of that name, as setting
     * them in order would leave it). While metadata is pending nothing else was set in its category.
     */
    private String pending(String name) {
        String v = null;
        List<LabelPair> md = pendingMeta;
        for (int i = 0, s = md.size(); i < s; i++) {
            LabelPair p = md.get(i);
            if (p.name().equals(name)) {
                v = p.value();
            }
        }
        return v;
    }

    private String added(int category, String name) {
        ArrayList<String> n = addNames[category];
        for (int i = 0, s = n.size(); i < s; i++) {
            String x = n.get(i);
            if (x == name || x.equals(name)) {
                return addValues[category].get(i);
            }
        }
        return null;
    }

    /** Every label of all categories (and the error labels), one value per name, sorted by name. */
    public List<LabelPair> allResult() {
        List<LabelPair> s = streamResult();
        List<LabelPair> m = metadataResult();
        List<LabelPair> p = parsedResult();
        if (m.isEmpty() && p.isEmpty()) {
            return s;
        }
        ArrayList<LabelPair> out = new ArrayList<>(s.size() + m.size() + p.size());
        out.addAll(s);
        out.addAll(m);
        out.addAll(p);
        out.sort(null);
        // one value per name: keep the first of equal names (categories never share a name here)
        for (int i = out.size() - 1; i > 0; i--) {
            if (out.get(i).name().equals(out.get(i - 1).name())) {
                out.remove(i);
            }
        }
        return out;
    }

    /** All labels as a map, including the error labels (what templates see). */
    public Map<String, String> map() {
        HashMap<String, String> m = new HashMap<>();
        forEach(m::put);
        if (!err.isEmpty()) {
            m.put(ERROR, err);
        }
        if (!errDetails.isEmpty()) {
            m.put(ERROR_DETAILS, errDetails);
        }
        return m;
    }
}
