package dev.plg.logging;

import static dev.plg.logging.TestEvents.readJsonLines;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

class SetupTest {
    @TempDir
    Path dir;

    /** Stands for any third-party library: it only knows the SLF4J API. */
    static final class SomeLibrary {
        private static final Logger LOG = LoggerFactory.getLogger(SomeLibrary.class);

        static void work(int items) {
            LOG.atInfo().setMessage("processed {} items").addArgument(items).addKeyValue("items", items).log();
            LOG.warn("slow call to {}", "db", new IllegalStateException("timeout"));
        }
    }

    @AfterAll
    static void backToDevelopment() {
        PlgLogging.setup(PlgLogging.Options.defaults().withColor(PlgLogging.ColorMode.NEVER));
    }

    @Test
    void productionSendsEveryLibrarysSlf4jLogsToTheJsonFile() {
        PlgLogging.setup(PlgLogging.Options.defaults().withEnv(PlgLogging.Env.PRODUCTION).withLogDir(dir)
                .withAppName("svc").withLevel(LogLevel.DEBUG));
        SomeLibrary.work(7);
        LoggerFactory.getLogger("plain").debug("debug line");
        LoggerFactory.getLogger("plain").trace("below the level");
        LoggerFactory.getLogger("plain").error(PlgLogging.CRITICAL, "critical line");

        List<JsonNode> lines = readJsonLines(dir.resolve("svc.log"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("logger").asText()).isEqualTo(SomeLibrary.class.getName());
        assertThat(lines.get(0).get("event").asText()).isEqualTo("processed 7 items");
        assertThat(lines.get(0).get("items").asInt()).isEqualTo(7);
        assertThat(lines.get(1).get("level").asText()).isEqualTo("warning");
        assertThat(lines.get(1).get("exception").get(0).get("exc_value").asText()).isEqualTo("timeout");
        assertThat(lines.get(2).get("level").asText()).isEqualTo("debug");
        assertThat(lines.get(3).get("level").asText()).isEqualTo("critical");
    }

    @Test
    void javaUtilLoggingArrivesThroughTheOptionalBridge() {
        PlgLogging.setup(PlgLogging.Options.defaults().withEnv(PlgLogging.Env.PRODUCTION).withLogDir(dir).withAppName("jul"));
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        try {
            java.util.logging.Logger.getLogger("legacy.component").warning("from JUL");
        } finally {
            SLF4JBridgeHandler.uninstall();
        }
        List<JsonNode> lines = readJsonLines(dir.resolve("jul.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("logger").asText()).isEqualTo("legacy.component");
        assertThat(lines.get(0).get("level").asText()).isEqualTo("warning");
        assertThat(lines.get(0).get("event").asText()).isEqualTo("from JUL");
    }

    @Test
    void developmentWritesConsoleLinesAndNoFile() {
        LoggerContext context = new LoggerContext();
        PlgLogging.configure(context, PlgLogging.Options.defaults().withLogDir(dir).withColor(PlgLogging.ColorMode.NEVER));
        ConsoleAppender<?> console = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(PlgLogging.APPENDER_NAME);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        console.setOutputStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (BoundContext ignored = PlgLogging.bind("request_id", "req-abc-123", "service", "auth")) {
            context.getLogger("auth").error("계정 잠김");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?Z \\[error    \\] 계정 잠김  "
                + "logger=auth request_id=req-abc-123 service=auth\n");
        assertThat(dir.toFile().list()).isEmpty();
        context.stop();
    }

    @Test
    void configuratorUsesTheEnvironmentWhenTheAppHasNoLogbackXml() {
        LoggerContext context = new LoggerContext();
        PlgConfigurator configurator = new PlgConfigurator();
        configurator.setContext(context);
        Map<String, String> env = Map.of("APP_ENV", "production", "LOG_DIR", dir.toString(), "APP_NAME", "zero-code",
                "LOG_LEVEL", "WARNING");
        assertThat(configurator.configure(context, env, new URLClassLoader(new URL[0], null)))
                .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        context.getLogger("x").info("filtered");
        context.getLogger("x").warn("kept");
        context.stop();
        List<JsonNode> lines = readJsonLines(dir.resolve("zero-code.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("event").asText()).isEqualTo("kept");
    }

    @Test
    void configuratorStepsAsideForALogbackXmlOrPlgLoggingOff() throws Exception {
        Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
        LoggerContext context = new LoggerContext();
        PlgConfigurator configurator = new PlgConfigurator();
        configurator.setContext(context);
        try (URLClassLoader withXml = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(configurator.configure(context, Map.of("APP_ENV", "production"), withXml))
                    .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        }
        assertThat(configurator.configure(context, Map.of("PLG_LOGGING", "off"), new URLClassLoader(new URL[0], null)))
                .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void theConfiguratorIsRegisteredAsALogbackService() {
        assertThat(java.util.ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .contains(PlgConfigurator.class.getName());
    }

    @Test
    void theShippedXmlForSpringBootConfiguresThePlgAppender() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        // Logback resolves ${APP_ENV:-...} from context properties before the process environment.
        context.putProperty("APP_ENV", "production");
        context.putProperty("LOG_DIR", dir.toString());
        context.putProperty("APP_NAME", "spring");
        context.putProperty("LOG_LEVEL", "warning");
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(SetupTest.class.getResource("/dev/plg/logging/logback-plg.xml"));
        context.getLogger("web").info("filtered by WARNING");
        context.getLogger("web").warn("started");
        context.stop();
        List<JsonNode> lines = readJsonLines(dir.resolve("spring.log"));
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).get("event").asText()).isEqualTo("started");
    }
}
