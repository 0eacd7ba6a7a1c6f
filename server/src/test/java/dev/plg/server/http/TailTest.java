package dev.plg.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /loki/api/v1/tail} over a real WebSocket: backfill first, then live entries, pings. */
class TailTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Collects text messages and counts pings. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            pings.add(message.remaining());
            ws.request(1);
            return null;
        }

        JsonNode next() throws Exception {
            String m = messages.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a tail message").isNotNull();
            return JSON.readTree(m);
        }
    }

    @Test
    void backfillThenLive() throws Exception {
        try (TestServer server = new TestServer(false)) {
            long now = System.currentTimeMillis() * 1_000_000L;
            assertThat(server.pushJson("{\"streams\":[{\"stream\":{\"app\":\"tail\",\"level\":\"error\"},\"values\":[[\""
                    + (now - 2_000_000_000L) + "\",\"old line\",{\"detected_level\":\"error\"}]]}]}").status()).isEqualTo(204);
            Client client = new Client();
            String query = URLEncoder.encode("{app=\"tail\"}", StandardCharsets.UTF_8);
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.server.port() + "/loki/api/v1/tail?query=" + query
                            + "&limit=10"), client).get(10, TimeUnit.SECONDS);
            JsonNode backfill = client.next();
            assertThat(backfill.has("encodingFlags")).isFalse();
            JsonNode stream = backfill.get("streams").get(0);
            assertThat(stream.get("stream").get("app").asText()).isEqualTo("tail");
            assertThat(stream.get("stream").get("detected_level").asText()).isEqualTo("error");
            assertThat(stream.get("values").get(0).get(1).asText()).isEqualTo("old line");
            assertThat(stream.get("values").get(0).size()).isEqualTo(2);

            long liveTs = System.currentTimeMillis() * 1_000_000L; // after the subscription, so not taken as backfill
            assertThat(server.pushJson("{\"streams\":[{\"stream\":{\"app\":\"tail\",\"level\":\"error\"},\"values\":[[\""
                    + liveTs + "\",\"live line\"]]}]}").status()).isEqualTo(204);
            JsonNode live = client.next();
            assertThat(live.get("streams").get(0).get("values").get(0).get(1).asText()).isEqualTo("live line");
            assertThat(client.pings.poll(5, TimeUnit.SECONDS)).isEqualTo(0);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void badParametersAreRefusedBeforeTheUpgrade() throws Exception {
        try (TestServer server = new TestServer(false)) {
            String query = URLEncoder.encode("{app=\"tail\"}", StandardCharsets.UTF_8);
            TestServer.Answer delay = server.get("/loki/api/v1/tail?query=" + query + "&delay_for=6");
            assertThat(delay.status()).isEqualTo(400);
            assertThat(delay.body()).isEqualTo("delay_for can't be greater than 5");
            TestServer.Answer parse = server.get("/loki/api/v1/tail?query=" + URLEncoder.encode("{app=", StandardCharsets.UTF_8));
            assertThat(parse.status()).isEqualTo(400);
            assertThat(parse.body()).startsWith("parse error");
        }
    }
}
