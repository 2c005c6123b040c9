package dev.berth.image.reference;

import dev.berth.common.errors.BerthException;
import dev.berth.image.store.Digests;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and normalises image references like Docker's {@code ParseNormalizedNamed}: the grammar of
 * distribution/reference, {@code docker.io} as default domain, {@code library/} for single-component names.
 */
public final class ReferenceParser {
    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN_NAME = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
                    + "(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANY_CASE_NAME = Pattern.compile(
            "^((?:" + DOMAIN + "/)?[a-zA-Z0-9]+(?:(?:[._]|__|[-]+)[a-zA-Z0-9]+)*(?:/[a-zA-Z0-9]+(?:(?:[._]|__|[-]+)[a-zA-Z0-9]+)*)*)"
                    + "(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern TAG_ONLY = Pattern.compile("^" + TAG + "$");
    private static final Pattern HEX64 = Pattern.compile("^[a-f0-9]{64}$");
    private static final int NAME_MAX = 255;

    private ReferenceParser() {
    }

    /** Parses a user-given reference and normalises it; 400 {@code invalid reference format} when malformed. */
    public static Reference parse(String input) {
        if (input == null || input.isEmpty()) {
            throw invalid("invalid reference format");
        }
        if (HEX64.matcher(input).matches()) {
            throw invalid("invalid repository name (" + input + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDomain(input);
        String domain = split[0];
        String remainder = split[1];
        if (!remainder.toLowerCase(Locale.ROOT).equals(remainder)) {
            String repo = remainder;
            int at = repo.indexOf('@');
            if (at >= 0) {
                repo = repo.substring(0, at);
            }
            int colon = repo.lastIndexOf(':');
            if (colon >= 0) {
                repo = repo.substring(0, colon);
            }
            if (!repo.toLowerCase(Locale.ROOT).equals(repo) && ANY_CASE_NAME.matcher(input).matches()) {
                throw invalid("invalid reference format: repository name (" + repo + ") must be lowercase");
            }
        }
        String candidate = domain + "/" + remainder;
        Matcher m = REFERENCE.matcher(candidate);
        if (!m.matches()) {
            throw invalid("invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > NAME_MAX) {
            throw invalid("invalid reference format: repository name must not be more than 255 characters");
        }
        String digest = m.group(3);
        if (digest != null && !Digests.isValidReferenceDigest(digest)) {
            throw invalid("invalid reference format");
        }
        return new Reference(name, m.group(2), digest);
    }

    /** Validates a tag given on its own ({@code ?tag=}). */
    public static String validTag(String tag) {
        if (!TAG_ONLY.matcher(tag).matches()) {
            throw invalid("invalid tag format");
        }
        return tag;
    }

    /** True when the string is a valid tag or digest-less reference component (used to decide id prefixes). */
    public static boolean looksLikeHexPrefix(String s) {
        return !s.isEmpty() && s.length() <= 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String[] splitDomain(String input) {
        int slash = input.indexOf('/');
        String domain;
        String remainder;
        if (slash < 0) {
            domain = Reference.DEFAULT_DOMAIN;
            remainder = input;
        } else {
            String first = input.substring(0, slash);
            boolean isDomain = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first);
            if (isDomain) {
                domain = first;
                remainder = input.substring(slash + 1);
            } else {
                domain = Reference.DEFAULT_DOMAIN;
                remainder = input;
            }
        }
        if (domain.equals("index.docker.io")) {
            domain = Reference.DEFAULT_DOMAIN;
        }
        if (domain.equals(Reference.DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = "library/" + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static BerthException invalid(String message) {
        return BerthException.invalid(message);
    }
}
