package dev.berth.runtime.node;

import dev.berth.common.errors.BerthException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Linux x86_64 signal names and numbers, parsed like Docker (SIGTERM, TERM, 15). */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = new LinkedHashMap<>();

    static {
        String[] names = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
            "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
            "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 1; i < names.length; i++) {
            NUMBERS.put(names[i], i);
        }
        NUMBERS.put("IOT", 6);
        NUMBERS.put("POLL", 29);
        for (int i = 0; i <= 30; i++) {
            NUMBERS.put("RTMIN" + (i == 0 ? "" : "+" + i), 34 + i);
        }
        NUMBERS.put("RTMAX", 64);
    }

    private Signals() {
    }

    /** The signal number; 400 for an unknown signal (Docker: "Invalid signal: X"). */
    public static int parse(String signal) {
        if (signal == null || signal.isBlank()) {
            throw BerthException.invalid("Invalid signal: " + signal);
        }
        String s = signal.strip();
        if (s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n < 1 || n > 64) {
                throw BerthException.invalid("Invalid signal: " + signal);
            }
            return n;
        }
        String name = s.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        Integer n = NUMBERS.get(name);
        if (n == null) {
            throw BerthException.invalid("Invalid signal: " + signal);
        }
        return n;
    }
}
