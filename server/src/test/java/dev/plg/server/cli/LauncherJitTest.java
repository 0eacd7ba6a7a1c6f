package dev.plg.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT directives {@code bin/plg} passes name methods by class and method name, and HotSpot
 * ignores a directive whose method does not exist (quietly, with {@code CompileCommand=quiet}): a
 * rename would silently drop it. Every method named there must exist.
 */
class LauncherJitTest {
    private static final Pattern DIRECTIVE = Pattern.compile("CompileCommand=\\w+,([\\w.]+(?:\\\\?\\$\\w+)*)::(\\w+)");

    @Test
    void everyMethodALauncherDirectiveNamesExists() throws Exception {
        String launcher = Files.readString(Path.of("..", "bin", "plg"));
        Matcher m = DIRECTIVE.matcher(launcher);
        List<String> checked = new ArrayList<>();
        while (m.find()) {
            String className = m.group(1).replace("\\$", "$");
            String method = m.group(2);
            Class<?> c = Class.forName(className, false, getClass().getClassLoader());
            assertThat(Arrays.stream(c.getDeclaredMethods()).map(Method::getName))
                    .as("%s::%s, named in bin/plg", className, method).contains(method);
            checked.add(className + "::" + method);
        }
        assertThat(checked).as("directives found in bin/plg").isNotEmpty();
    }
}
