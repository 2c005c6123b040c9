package dev.berth.image.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.common.errors.BerthException;
import dev.berth.image.config.ChangesParser;
import dev.berth.image.reference.Reference;
import dev.berth.image.reference.ReferenceParser;
import java.util.List;

/** The parameters of {@code POST /images/create?fromSrc=-}, validated before the body is read. */
public record ImportRequest(Reference tag, List<String> changes, String message) {

    /** {@code repo} may carry the tag ({@code busybox:latest}); an explicit {@code tag} wins. */
    public static ImportRequest of(String repo, String tag, List<String> changes, String message) {
        Reference ref = null;
        if (repo != null && !repo.isEmpty()) {
            ref = ReferenceParser.parse(repo);
            if (ref.digest() != null) {
                throw BerthException.invalid("cannot import digest reference");
            }
            if (tag != null && !tag.isEmpty()) {
                ref = ref.withTag(ReferenceParser.validTag(tag));
            }
            ref = ref.withDefaultTag();
        }
        List<String> given = changes == null ? List.of() : changes;
        ChangesParser.apply(given, JsonNodeFactory.instance.objectNode()); // fail before reading the body
        return new ImportRequest(ref, given, message);
    }
}
