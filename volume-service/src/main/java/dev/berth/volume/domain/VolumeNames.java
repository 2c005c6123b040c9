package dev.berth.volume.domain;

import dev.berth.common.errors.BerthException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Docker's local-driver volume names, and the 64-hex names of anonymous volumes. */
public final class VolumeNames {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private VolumeNames() {
    }

    public static String validate(String name) {
        if (name.length() < 2) {
            throw BerthException.invalid("create " + name
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw BerthException.invalid("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" "
                    + "are allowed. If you intended to pass a host directory, use absolute path");
        }
        return name;
    }

    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
