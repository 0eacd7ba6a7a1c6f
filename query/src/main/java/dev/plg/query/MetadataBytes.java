package dev.plg.query;

import dev.plg.push.LabelPair;
import java.util.List;

/**
 * The structured metadata bytes a scan read, for the query statistics: the UTF-8 bytes of every
 * name and value of every entry, as Loki counts them ({@code structuredMetadataBytesProcessed}).
 * The entries of a block share one metadata list, so the last list's size is kept and an entry
 * with the same list costs one comparison, not a walk over its pairs. One per scan (not
 * thread-safe).
 */
final class MetadataBytes {
    private List<LabelPair> last = List.of();
    private int lastBytes;
    private long total;

    /** Counts {@code md} once more and returns it. */
    List<LabelPair> add(List<LabelPair> md) {
        if (md != last) {
            last = md;
            lastBytes = sizeOf(md);
        }
        total += lastBytes;
        return md;
    }

    /** Counts {@code md} for {@code entries} more entries. */
    void add(List<LabelPair> md, long entries) {
        add(md);
        total += lastBytes * (entries - 1);
    }

    long total() {
        return total;
    }

    static int sizeOf(List<LabelPair> md) {
        int n = 0;
        for (int i = 0; i < md.size(); i++) {
            LabelPair p = md.get(i);
            n += utf8Length(p.name()) + utf8Length(p.value());
        }
        return n;
    }

    /** What {@code s.getBytes(UTF_8).length} gives, without the copy (an unpaired surrogate is one byte, '?'). */
    static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    n += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 2; // four bytes for the pair's two chars
                    i++;
                } else if (Character.isSurrogate(c)) {
                    // unpaired: encoded as '?'
                } else {
                    n += 2;
                }
            }
        }
        return n;
    }
}
