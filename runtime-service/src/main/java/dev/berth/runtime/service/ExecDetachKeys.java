package dev.berth.runtime.service;

import dev.berth.common.errors.BerthException;
import dev.berth.common.errors.ErrorKind;
import dev.berth.runtime.attach.DetachKeys;

/**
 * An exec's {@code DetachKeys}: dockerd parses them at create (moby/term ToBytes) and keeps the bytes, empty when
 * none were given (an interactive TTY then detaches on ctrl-p,ctrl-q). A bad spec fails the create with dockerd's
 * message; dockerd returns it as a plain error, hence a 500 (unlike attach's 400 "Invalid detach keys").
 */
final class ExecDetachKeys {
    private ExecDetachKeys() {
    }

    static byte[] parse(String keys) {
        if (keys == null || keys.isEmpty()) {
            return new byte[0];
        }
        try {
            return DetachKeys.parse(keys);
        } catch (BerthException e) {
            throw new BerthException(ErrorKind.INTERNAL, "Invalid escape keys (" + keys + ") provided");
        }
    }

    /** What the stdin of an interactive TTY exec is scanned for. */
    static byte[] effective(byte[] keys) {
        return keys.length == 0 ? DetachKeys.DEFAULT : keys;
    }
}
