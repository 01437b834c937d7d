package io.redress.chaos;

/**
 * One record the harness wrote to redress.findings.raw, as the audit needs it (the payload itself is not kept).
 *
 * @param key the record's Kafka key, unique per input: dead letters of the raw topic carry it back
 * @param phase the phase that sent it
 * @param kind what kind of input it is ("valid finding", or a fuzz kind's label)
 * @param variant which form of that kind, so a failing input can be told apart and reproduced
 * @param findingId the ASFF Id it carries, when it carries one as text: decisions carry it back; null otherwise
 * @param resourceKey the key Redress gives records about its resource, when it names one: dead letters of later
 *     steps carry it back; null otherwise
 */
record Input(String key, String phase, String kind, String variant, Expectation expectation, String findingId,
    String resourceKey) {
}
