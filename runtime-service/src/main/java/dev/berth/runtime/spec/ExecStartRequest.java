package dev.berth.runtime.spec;

/**
 * An exec-start body (moby's ExecStartRequest): detached or attached, the start's own Tty (it decides the
 * stream's framing), and the initial console size (0 × 0 without one).
 */
public record ExecStartRequest(boolean detach, boolean tty, int height, int width) {
}
