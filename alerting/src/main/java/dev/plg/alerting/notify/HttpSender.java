package dev.plg.alerting.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** POSTs a body with the JDK client and classifies failures as retryable (network, 429, 5xx) or not. */
final class HttpSender {
    record Reply(int status, String contentType, String body) {
    }

    private final HttpClient client;
    private final Duration timeout;

    HttpSender(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    Reply send(String method, String url, Map<String, String> headers, byte[] body) throws NotifyException {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } catch (IllegalArgumentException e) {
            throw new NotifyException("bad URL " + url + ": " + e.getMessage(), false, e);
        }
        headers.forEach(b::header);
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NotifyException("cannot send to " + redact(url) + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotifyException("interrupted while sending to " + redact(url), true, e);
        }
        int s = r.statusCode();
        if (s == 429 || s >= 500) {
            throw new NotifyException(redact(url) + " answered " + s + ": " + abbreviate(r.body()), true);
        }
        if (s < 200 || s >= 300) {
            throw new NotifyException(redact(url) + " answered " + s + ": " + abbreviate(r.body()), false);
        }
        return new Reply(s, r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    /** Slack webhook URLs are secrets: logs keep scheme, host and the first path segment only. */
    static String redact(String url) {
        try {
            URI u = URI.create(url);
            String path = u.getPath() == null ? "" : u.getPath();
            int second = path.indexOf('/', 1);
            return u.getScheme() + "://" + u.getAuthority() + (second > 0 ? path.substring(0, second) + "/..." : path);
        } catch (IllegalArgumentException e) {
            return "<invalid url>";
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
