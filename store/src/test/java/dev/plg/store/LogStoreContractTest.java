package dev.plg.store;

import dev.plg.push.PushEntry;
import dev.plg.push.PushRequest;
import dev.plg.push.PushStream;
import dev.plg.store.read.LogSource;
import dev.plg.store.read.LogSourceContractTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The LogSource contract against the store: data in heads, in blocks, and after a restart. */
class LogStoreContractTest {
    /** Where the entries are when read: heads, blocks, blocks read by a new process, or the first half of each stream in blocks. */
    enum Where { HEAD, BLOCKS, REOPENED, MIXED }

    abstract static class Base extends LogSourceContractTest {
        @TempDir
        Path dir;
        private final List<LogStore> open = new ArrayList<>();

        abstract Where where();

        @Override
        protected LogSource load(List<TenantData> data) throws Exception {
            Limits limits = Limits.defaults().toBuilder().rejectOldSamples(false).build();
            Path d = dir.resolve("s" + open.size());
            LogStore store = LogStore.open(StoreConfig.defaults(d), limits, TestData.CLOCK);
            if (where() == Where.MIXED) {
                // the first half of every stream's entries in blocks, the rest (pushed after) in heads: a read merges both
                for (int half = 0; half < 2; half++) {
                    for (TenantData t : data) {
                        store.push(t.tenant(), new PushRequest(half(t.streams(), half)));
                    }
                    if (half == 0) {
                        store.flush();
                    }
                }
            } else {
                for (TenantData t : data) {
                    store.push(t.tenant(), new PushRequest(t.streams()));
                }
            }
            if (where() == Where.BLOCKS) {
                store.flush();
            }
            if (where() == Where.REOPENED) {
                store.close();
                store = LogStore.open(StoreConfig.defaults(d), limits, TestData.CLOCK);
            }
            open.add(store);
            return store;
        }

        /** The first ({@code half} 0) or second (1) half of each stream's entries, in push order. */
        private static List<PushStream> half(List<PushStream> streams, int half) {
            List<PushStream> out = new ArrayList<>();
            for (PushStream st : streams) {
                int n = st.entries().size();
                int mid = (n + 1) / 2;
                List<PushEntry> some = half == 0 ? st.entries().subList(0, mid) : st.entries().subList(mid, n);
                if (!some.isEmpty()) {
                    out.add(new PushStream(st.labels(), some));
                }
            }
            return out;
        }

        @AfterEach
        void closeAll() throws Exception {
            for (LogStore s : open) {
                s.close();
            }
        }
    }

    @Nested
    class InHeads extends Base {
        @Override
        Where where() {
            return Where.HEAD;
        }
    }

    @Nested
    class InBlocks extends Base {
        @Override
        Where where() {
            return Where.BLOCKS;
        }
    }

    @Nested
    class AfterRestart extends Base {
        @Override
        Where where() {
            return Where.REOPENED;
        }
    }

    @Nested
    class HalfInBlocks extends Base {
        @Override
        Where where() {
            return Where.MIXED;
        }
    }
}
