package io.redress.chaos;

/** An input and the bytes to send for it; {@code value} null is a tombstone (a record with no value). */
record Payload(Input input, byte[] value) {
}
