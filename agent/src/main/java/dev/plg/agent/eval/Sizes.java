package dev.plg.agent.eval;

/** Base-2 byte sizes as {@code alecthomas/units.ParseBase2Bytes}: {@code 1MiB == 1MB == 1048576}. */
public final class Sizes {
    private Sizes() {
    }

    public static long parse(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw new EvalException("units: invalid size \"" + s + "\"");
        }
        double v = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        long mult = switch (unit) {
            case "", "B" -> 1L;
            case "KB", "KiB", "K", "k", "kB" -> 1L << 10;
            case "MB", "MiB", "M" -> 1L << 20;
            case "GB", "GiB", "G" -> 1L << 30;
            case "TB", "TiB", "T" -> 1L << 40;
            case "PB", "PiB", "P" -> 1L << 50;
            default -> throw new EvalException("units: unknown unit " + unit + " in " + s);
        };
        return (long) (v * mult);
    }
}
