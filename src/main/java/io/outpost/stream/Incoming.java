package io.outpost.stream;

/**
 * One event as it arrived from the upstream, before it is stored.
 *
 * @param id the upstream's id ({@code id:} of SSE, {@code id} of a poll answer), null if it gave none
 * @param event the event type, null for a plain message
 */
record Incoming(String id, String event, String data) {
}
