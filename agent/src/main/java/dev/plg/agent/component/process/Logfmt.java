package dev.plg.agent.component.process;

import java.util.LinkedHashMap;
import java.util.Map;

/** A logfmt decoder ({@code key=value key2="quoted value" flag}), like go-logfmt. */
final class Logfmt {
    private Logfmt() {
    }

    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) <= ' ') {
                i++;
            }
            int ks = i;
            while (i < n && s.charAt(i) > ' ' && s.charAt(i) != '=' && s.charAt(i) != '"') {
                i++;
            }
            String key = s.substring(ks, i);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        char c = s.charAt(i);
                        if (c == '\\' && i + 1 < n) {
                            char e = s.charAt(++i);
                            sb.append(switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case 'r' -> '\r';
                                default -> e;
                            });
                        } else {
                            sb.append(c);
                        }
                        i++;
                    }
                    i++;
                    value = sb.toString();
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) > ' ') {
                        i++;
                    }
                    value = s.substring(vs, i);
                }
            } else if (i < n && s.charAt(i) == '"') {
                i++;
                continue;
            }
            if (!key.isEmpty()) {
                out.put(key, value);
            }
        }
        return out;
    }
}
