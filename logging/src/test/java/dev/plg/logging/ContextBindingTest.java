package dev.plg.logging;

import static dev.plg.logging.TestEvents.event;
import static dev.plg.logging.TestEvents.json;
import static dev.plg.logging.TestEvents.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class ContextBindingTest {

    @AfterEach
    void clean() {
        MDC.clear();
        dev.plg.logging.internal.TypedContext.set(null);
    }

    /** The JSON line an event logged right now on this thread would get. */
    private static JsonNode lineNow() {
        return parse(json(event(Level.INFO, "t", "e")));
    }

    @Test
    void bindIsVisibleInsideTheScopeAndRestoredAfter() {
        MDC.put("request_id", "outer");
        try (BoundContext ignored = PlgLogging.bind("request_id", "inner", "attempt", 3)) {
            assertThat(MDC.get("request_id")).isEqualTo("inner");
            assertThat(MDC.get("attempt")).isEqualTo("3");
            assertThat(lineNow().get("attempt").isInt()).isTrue();
            try (BoundContext nested = PlgLogging.bind("attempt", 4)) {
                assertThat(lineNow().get("attempt").asInt()).isEqualTo(4);
            }
            assertThat(lineNow().get("attempt").asInt()).isEqualTo(3);
        }
        assertThat(MDC.get("request_id")).isEqualTo("outer");
        assertThat(MDC.get("attempt")).isNull();
        assertThat(lineNow().has("attempt")).isFalse();
    }

    @Test
    void bindRejectsMalformedArgumentsNamingThem() {
        assertThatThrownBy(() -> PlgLogging.bind("request_id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[request_id]");
        assertThatThrownBy(() -> PlgLogging.bind(1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key 1 at position 0");
    }

    @Test
    void aMdcValueReplacedBehindTheBindersBackIsWrittenAsTheNewString() {
        try (BoundContext ignored = PlgLogging.bind("attempt", 3)) {
            MDC.put("attempt", "three");
            assertThat(lineNow().get("attempt").asText()).isEqualTo("three");
        }
    }

    @Test
    void contextDoesNotLeakToOtherThreadsButWrapCarriesIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            try (BoundContext ignored = PlgLogging.bind("request_id", "req-1", "user_id", 456)) {
                pool.submit(() -> seen.add("plain:" + lineNow().path("request_id").asText("absent"))).get();
                PlgLogging.wrap((java.util.concurrent.Executor) pool).execute(
                        () -> seen.add("wrapped:" + lineNow().get("request_id").asText() + ":" + lineNow().get("user_id").isInt()));
                Callable<String> task = () -> lineNow().get("request_id").asText();
                assertThat(pool.submit(PlgLogging.wrap(task)).get()).isEqualTo("req-1");
            }
            // After the wrapped task the pool thread has its own (empty) context again.
            pool.submit(() -> seen.add("after:" + lineNow().path("request_id").asText("absent"))).get();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).contains("plain:absent", "wrapped:req-1:true", "after:absent");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrappedExecutorServiceCarriesContextToManyTasks() throws Exception {
        ExecutorService wrapped = PlgLogging.wrap(Executors.newFixedThreadPool(4));
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            try (BoundContext ignored = PlgLogging.bind("request_id", "req-" + i)) {
                results.add(wrapped.submit(() -> lineNow().get("request_id").asText()));
            }
        }
        for (int i = 0; i < 50; i++) {
            assertThat(results.get(i).get()).isEqualTo("req-" + i);
        }
        wrapped.shutdown();
        assertThat(wrapped.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void virtualThreadsGetTheContextThroughTheWrapper() throws Exception {
        // Compiled for Java 17: reach Java 21's virtual-thread executor reflectively.
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        ExecutorService wrapped = PlgLogging.wrap(virtual);
        try (BoundContext ignored = PlgLogging.bind("request_id", "req-v", "attempt", 2)) {
            JsonNode node = wrapped.submit(ContextBindingTest::lineNow).get();
            assertThat(node.get("request_id").asText()).isEqualTo("req-v");
            assertThat(node.get("attempt").asInt()).isEqualTo(2);
        }
        wrapped.shutdown();
    }

    @Test
    void bindingAMapKeepsItsOrder() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("b", 1);
        values.put("a", "x");
        try (BoundContext ignored = PlgLogging.bind(values)) {
            List<String> names = new ArrayList<>();
            lineNow().fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("timestamp", "level", "logger", "event", "b", "a");
        }
    }

    @Test
    void closingOnAnotherThreadIsRefused() throws Exception {
        BoundContext ctx = PlgLogging.bind("k", "v");
        Throwable[] failure = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                ctx.close();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        other.start();
        other.join();
        assertThat(failure[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot close context");
        ctx.close();
        ctx.close();
        assertThat(MDC.get("k")).isNull();
    }
}
