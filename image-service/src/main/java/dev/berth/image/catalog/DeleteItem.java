package dev.berth.image.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One item of Docker's ImageDeleteResponseItem list. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteItem(@JsonProperty("Untagged") String untagged, @JsonProperty("Deleted") String deleted) {
    public static DeleteItem untagged(String ref) {
        return new DeleteItem(ref, null);
    }

    public static DeleteItem deleted(String id) {
        return new DeleteItem(null, id);
    }
}
