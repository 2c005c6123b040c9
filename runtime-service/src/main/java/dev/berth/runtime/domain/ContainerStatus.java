package dev.berth.runtime.domain;

import java.time.Duration;
import java.time.Instant;

/** Docker's human status strings ("Up 3 seconds", "Exited (3) 2 seconds ago", "Created"). */
public final class ContainerStatus {
    private ContainerStatus() {
    }

    public static String of(String state, int exitCode, Instant startedAt, Instant finishedAt, Instant now) {
        switch (state) {
            case Container.RUNNING:
                return "Up " + humanDuration(Duration.between(startedAt == null ? now : startedAt, now));
            case Container.PAUSED:
                return "Up " + humanDuration(Duration.between(startedAt == null ? now : startedAt, now)) + " (Paused)";
            case Container.RESTARTING:
                return "Restarting (" + exitCode + ") " + humanDuration(Duration.between(
                        finishedAt == null ? now : finishedAt, now)) + " ago";
            case Container.REMOVING:
                return "Removal In Progress";
            case Container.DEAD:
                return "Dead";
            case Container.CREATED:
                return "Created";
            default:
                if (startedAt == null && finishedAt == null) {
                    return "Created";
                }
                if (finishedAt == null) {
                    return "";
                }
                return "Exited (" + exitCode + ") " + humanDuration(Duration.between(finishedAt, now)) + " ago";
        }
    }

    /** go-units HumanDuration. */
    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
