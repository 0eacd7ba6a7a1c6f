package dev.plg.agent.component.process;

import static dev.plg.template.Functions.Type.STRING;

import dev.plg.template.Functions;
import dev.plg.template.Sprig;
import dev.plg.template.Template;
import dev.plg.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Alloy's {@code stage.template} / {@code stage.replace} templates on the shared Go template engine: sprig's
 * functions, Go's {@code strings} ones ({@code ToLower ToUpper Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix
 * TrimSpace}), {@code regexReplaceAll}, {@code regexReplaceAllLiteral} and Alloy's {@code Hash}/{@code Sha2Hash}
 * ({@code {{ .Value | Hash "salt" }}}: hex SHA3-256 / SHA-256 of salt + value).
 */
final class AlloyTemplates {
    private AlloyTemplates() {
    }

    static final Functions FUNCTIONS = Sprig.sprig().with(Sprig.goStrings()).with(Functions.builder()
            .add("Hash", (env, a) -> digest("SHA3-256", (String) a[0] + a[1]), STRING, STRING)
            .add("Sha2Hash", (env, a) -> digest("SHA-256", (String) a[0] + a[1]), STRING, STRING)
            .build());

    /** Parses a stage's template; a bad one fails the configuration with Go's message. */
    static Template parse(String text) {
        try {
            return Template.parse("pipeline_template", text, FUNCTIONS);
        } catch (TemplateException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Executes; {@code null} when the execution fails (Alloy then leaves the entry as it is). */
    static String render(Template t, Map<String, Object> data) {
        try {
            return t.execute(data);
        } catch (TemplateException e) {
            return null;
        }
    }

    private static String digest(String alg, String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is not available", e);
        }
    }
}
