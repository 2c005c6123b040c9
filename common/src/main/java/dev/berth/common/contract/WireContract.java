package dev.berth.common.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Where a contract record travels: who sends it to whom, on which call or topic (listed in docs by ContractDocsTest). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WireContract {
    /** e.g. {@code runtime-service → volume-service POST /internal/volumes/resolve}. */
    String value();

    /** The document that lists it: {@code design} (internal calls) or {@code events} (event payloads). */
    String doc();
}
