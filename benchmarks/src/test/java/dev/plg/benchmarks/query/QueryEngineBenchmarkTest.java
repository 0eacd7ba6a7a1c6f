package dev.plg.benchmarks.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plg.query.QueryEngine;
import dev.plg.query.QueryLimits;
import dev.plg.query.QueryResult;
import org.junit.jupiter.api.Test;

/** Runs each benchmark query once on a small data set and checks the answer is sensible. */
class QueryEngineBenchmarkTest {
    @Test
    void verify() {
        MemoryLogSource source = SeedLogData.generate(16_000, 42);
        assertThat(source.totalEntries()).isEqualTo(16_000);
        QueryEngine engine = new QueryEngine(source, QueryLimits.DEFAULTS);
        QueryResult total = QueryEngineBenchmark.execute(engine, "sum(count_over_time({app=\"python-starter-kit\"}[30d]))");
        assertThat(total.toString()).startsWith("{} => 16000 @");
        QueryResult lookups = QueryEngineBenchmark.execute(engine, "{app=\"python-starter-kit\"} | json | user_id=\"user-4242\"");
        assertThat(((QueryResult.Streams) lookups).entryCount()).isBetween(0, 100);
        QueryResult byService = QueryEngineBenchmark.execute(engine,
                "quantile_over_time(0.99, {app=\"python-starter-kit\"} | json | unwrap duration_ms [30d]) by (service)");
        assertThat(((QueryResult.Vector) byService).samples()).hasSize(4);
    }
}
