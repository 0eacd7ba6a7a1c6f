package dev.plg.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Zero-code set-up: Logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} and, when the application has
 * no Logback configuration of its own, configures PLG logging from {@code APP_ENV},
 * {@code LOG_DIR}, {@code LOG_LEVEL}, {@code APP_NAME} (see {@link PlgLogging.Options#fromEnvironment}).
 *
 * <p>Logback runs service-loaded configurators before looking for {@code logback.xml}, so this one
 * steps aside ({@code INVOKE_NEXT_IF_ANY}) when {@code -Dlogback.configurationFile},
 * {@code logback-test.xml} or {@code logback.xml} exists, or when {@code PLG_LOGGING=off}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class PlgConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        return configure(context, System.getenv(), getClass().getClassLoader());
    }

    /** The same with an explicit environment and class loader (for tests and embedding). */
    public ExecutionStatus configure(LoggerContext context, Map<String, String> environment, ClassLoader loader) {
        if ("off".equalsIgnoreCase(environment.get("PLG_LOGGING")) || "false".equalsIgnoreCase(environment.get("PLG_LOGGING"))) {
            addInfo("PLG_LOGGING=" + environment.get("PLG_LOGGING") + ": leaving Logback configuration to others");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String explicit = System.getProperty("logback.configurationFile");
        if (explicit != null) {
            addInfo("logback.configurationFile=" + explicit + " is set: leaving configuration to Logback");
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ClassLoader cl = loader == null ? ClassLoader.getSystemClassLoader() : loader;
        for (String resource : new String[] {"logback-test.xml", "logback.xml"}) {
            if (cl.getResource(resource) != null) {
                addInfo(resource + " found on the class path: leaving configuration to Logback");
                return ExecutionStatus.INVOKE_NEXT_IF_ANY;
            }
        }
        setContext(context);
        PlgLogging.Options options = PlgLogging.Options.fromEnvironment(environment, this::addWarn);
        try {
            PlgLogging.configure(context, options);
            addInfo("plg-logging configured: " + options);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        } catch (RuntimeException e) {
            addError("cannot configure plg-logging with " + options, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
    }
}
