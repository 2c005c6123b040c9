package dev.berth.runtime.domain;

import dev.berth.common.errors.BerthException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Docker's container names: {@code /name} semantics, validation, generated {@code adjective_surname} names. */
public final class ContainerNames {
    static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    static final List<String> LEFT = List.of("admiring", "adoring", "affectionate", "agitated", "amazing", "angry",
            "awesome", "blissful", "bold", "brave", "busy", "charming", "clever", "compassionate", "competent",
            "confident", "cool", "dazzling", "determined", "dreamy", "eager", "ecstatic", "elastic", "elegant",
            "epic", "exciting", "fervent", "festive", "focused", "friendly", "frosty", "funny", "gallant", "gifted",
            "goofy", "gracious", "happy", "hopeful", "infallible", "inspiring", "intelligent", "jolly", "jovial",
            "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing", "mystifying", "nice",
            "nifty", "nostalgic", "objective", "optimistic", "peaceful", "pensive", "practical", "priceless",
            "quirky", "quizzical", "relaxed", "reverent", "romantic", "serene", "sharp", "silly", "sleepy",
            "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "upbeat",
            "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous",
            "zen");

    static final List<String> RIGHT = List.of("agnesi", "albattani", "allen", "archimedes", "ardinghelli",
            "babbage", "banach", "bardeen", "bartik", "bell", "benz", "bhabha", "blackwell", "bohr", "booth",
            "borg", "bose", "brahmagupta", "brown", "carson", "cerf", "chandrasekhar", "clarke", "curie", "darwin",
            "davinci", "diffie", "dijkstra", "einstein", "elion", "engelbart", "euclid", "euler", "faraday",
            "fermat", "fermi", "feynman", "franklin", "galileo", "gauss", "goldberg", "goodall", "hamilton",
            "hawking", "heisenberg", "hertz", "hodgkin", "hofstadter", "hopper", "hypatia", "jang", "jennings",
            "johnson", "kalam", "kepler", "khorana", "knuth", "kowalevski", "lamarr", "lamport", "leakey",
            "lovelace", "lumiere", "mayer", "mccarthy", "mclean", "meitner", "mendel", "morse", "napier", "newton",
            "nobel", "noether", "pascal", "pasteur", "perlman", "pike", "poincare", "ramanujan", "ritchie",
            "shannon", "shockley", "sinoussi", "stonebraker", "tesla", "thompson", "torvalds", "turing", "villani",
            "wescoff", "wilbur", "wiles", "williams", "wozniak", "yalow", "yonath");

    private static final Random RANDOM = new SecureRandom();

    private ContainerNames() {
    }

    /** Validates a user-given name and returns it without the leading slash. */
    public static String validate(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw BerthException.invalid("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** A fresh Docker-style name that {@code taken} does not know. */
    public static String generate(Predicate<String> taken) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
            if (name.equals("boring_wozniak")) {
                continue;
            }
            if (attempt > 2) {
                name = name + RANDOM.nextInt(10);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
        return LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()))
                + RANDOM.nextInt(1_000_000);
    }

    public static String conflictMessage(String name, String id) {
        return "Conflict. The container name \"/" + name + "\" is already in use by container \"" + id
                + "\". You have to remove (or rename) that container to be able to reuse that name.";
    }
}
