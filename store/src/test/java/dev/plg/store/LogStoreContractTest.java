package dev.plg.store;

import dev.plg.push.PushRequest;
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
    enum Where { HEAD, BLOCKS, REOPENED }

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
            for (TenantData t : data) {
                store.push(t.tenant(), new PushRequest(t.streams()));
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
}
