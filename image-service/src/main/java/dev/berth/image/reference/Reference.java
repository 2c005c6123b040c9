package dev.berth.image.reference;

/**
 * A normalised image reference: {@code name} is the full repository name ({@code docker.io/library/busybox}),
 * {@code tag} and {@code digest} may be null.
 */
public record Reference(String name, String tag, String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    /** The full normalised string: {@code docker.io/library/busybox:latest}. */
    public String full() {
        StringBuilder s = new StringBuilder(name);
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }

    /** Docker's familiar form: {@code busybox:latest}, {@code user/app:1}, {@code localhost:5000/a:b}. */
    public String familiar() {
        StringBuilder s = new StringBuilder(familiarName());
        if (tag != null) {
            s.append(':').append(tag);
        }
        if (digest != null) {
            s.append('@').append(digest);
        }
        return s.toString();
    }

    public String familiarName() {
        return familiarName(name);
    }

    public static String familiarName(String fullName) {
        if (fullName.startsWith(DEFAULT_DOMAIN + "/library/") && fullName.indexOf('/', 18) < 0) {
            return fullName.substring((DEFAULT_DOMAIN + "/library/").length());
        }
        if (fullName.startsWith(DEFAULT_DOMAIN + "/")) {
            return fullName.substring(DEFAULT_DOMAIN.length() + 1);
        }
        return fullName;
    }

    /** The familiar form of a full reference string as stored ({@code docker.io/library/busybox:latest}). */
    public static String familiarize(String full) {
        return ReferenceParser.parse(full).familiar();
    }

    public boolean isNameOnly() {
        return tag == null && digest == null;
    }

    /** Adds {@code latest} when neither tag nor digest is given (Docker's TagNameOnly). */
    public Reference withDefaultTag() {
        return isNameOnly() ? new Reference(name, DEFAULT_TAG, null) : this;
    }

    public Reference withTag(String newTag) {
        return new Reference(name, newTag, null);
    }

    @Override
    public String toString() {
        return full();
    }
}
