package dev.berth.e2e.door;

import java.util.Map;

/**
 * One attempt's result, printed as one JSON line. {@code refused} is false when the attempt got in;
 * {@code probeError} is true when the probe itself broke, and then the line proves nothing.
 */
record Result(Map<String, String> spec, boolean refused, boolean probeError, String outcome, long ms,
        String containerId) {

    /** Text made one line of at most 160 characters. */
    static String snippet(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }

    /** What went wrong, from the cause that tells (not the wrapper around it). */
    static String describe(Throwable e) {
        Throwable root = e;
        while ((root instanceof java.util.concurrent.ExecutionException
                || root.getClass().getName().equals("org.apache.kafka.common.KafkaException"))
                && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + snippet(String.valueOf(root.getMessage()));
    }
}
