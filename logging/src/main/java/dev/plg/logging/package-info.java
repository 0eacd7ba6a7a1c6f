/**
 * PLG logging: the seed's structlog set-up for SLF4J 2 and Logback 1.5, as Java 17 bytecode.
 *
 * <p>Entry points: {@link dev.plg.logging.PlgLogging} (set-up, context binding, propagation
 * wrappers), {@link dev.plg.logging.PlgLogger} (structlog-style bound logger). Logback components
 * usable from XML: {@link dev.plg.logging.JsonLineEncoder}, {@link dev.plg.logging.ConsoleEncoder},
 * {@link dev.plg.logging.RotatingFileAppender}, {@link dev.plg.logging.PlgAppender}. Zero-code set-up
 * from environment variables: {@link dev.plg.logging.PlgConfigurator} (a Logback {@code Configurator}
 * service). Runtime dependencies: slf4j-api and logback-classic only.
 */
package dev.plg.logging;
