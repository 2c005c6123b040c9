/**
 * The bodies of the calls services make to each other ({@code /internal/...}) and the payloads of the events they
 * publish, as records used by both sides: the caller builds the record, the callee's resource takes it (and the
 * other way for answers), so a renamed or retyped field breaks the build of both, not a running cluster. Field names
 * are Docker's style where the body mirrors a Docker shape. {@code ContractDocsTest} checks docs/design.md and
 * docs/events.md list exactly these fields.
 */
package dev.berth.common.contract;
