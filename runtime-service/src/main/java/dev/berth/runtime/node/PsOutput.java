package dev.berth.runtime.node;

import dev.berth.common.errors.BerthException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** moby's parsePSOutput: the header gives the Titles; rows whose PID is one of the container's become Processes. */
public final class PsOutput {
    private PsOutput() {
    }

    public static Map<String, Object> parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n");
        List<String> titles = lines.length == 0 || lines[0].isBlank() ? List.of()
                : Arrays.asList(lines[0].trim().split("\\s+"));
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw BerthException.internal("Couldn't find PID field in ps output", null);
        }
        List<List<String>> processes = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length <= pidIndex) {
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(fields[pidIndex]);
            } catch (NumberFormatException e) {
                throw BerthException.internal("Unexpected pid '" + fields[pidIndex] + "': " + e.getMessage(), e);
            }
            if (!pids.contains(pid)) {
                continue;
            }
            List<String> row = new ArrayList<>();
            int last = Math.min(titles.size() - 1, fields.length);
            for (int f = 0; f < last; f++) {
                row.add(fields[f]);
            }
            if (fields.length > last) {
                row.add(String.join(" ", Arrays.asList(fields).subList(last, fields.length)));
            }
            processes.add(row);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("Titles", titles);
        top.put("Processes", processes);
        return top;
    }
}
