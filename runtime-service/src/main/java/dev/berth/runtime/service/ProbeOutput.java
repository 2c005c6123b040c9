package dev.berth.runtime.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A probe's output from its exec's k8s-file log ({@code <time> <stream> <F|P> <text>}), at most 4096 bytes. */
final class ProbeOutput {
    static final int MAX = 4096;

    private ProbeOutput() {
    }

    static String read(Path log) {
        StringBuilder out = new StringBuilder();
        try {
            if (!Files.exists(log)) {
                return "";
            }
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split(" ", 4);
                if (f.length < 3) {
                    continue;
                }
                out.append(f.length == 4 ? f[3] : "");
                if ("F".equals(f[2])) {
                    out.append('\n');
                }
                if (out.length() >= MAX) {
                    return out.substring(0, MAX);
                }
            }
        } catch (IOException | RuntimeException e) {
            // what we have
        }
        return out.toString();
    }
}
