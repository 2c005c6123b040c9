package dev.berth.volume.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.volume.domain.Volume;
import dev.berth.volume.service.VolumeService;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Docker's Volume object on the wire; UsageData only where Docker gives it (system df). */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record VolumeView(
        @JsonProperty("Name") String name,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Labels") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> labels,
        @JsonProperty("Scope") String scope,
        @JsonProperty("Options") @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, String> options,
        @JsonProperty("UsageData") UsageData usageData) {

    public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {
    }

    static VolumeView of(Volume v) {
        return of(v, null);
    }

    static VolumeView of(Volume v, UsageData usage) {
        Map<String, String> options = VolumeService.options(v);
        return new VolumeView(v.name, v.driver, v.mountpoint,
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(v.createdAt), VolumeService.labels(v), "local",
                options.isEmpty() ? null : options, usage);
    }
}
