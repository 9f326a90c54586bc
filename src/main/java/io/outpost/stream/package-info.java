/**
 * Streams from upstreams: SSE and WebSocket clients with heartbeats and reconnection, long polling as the
 * fallback, the inbox of received events and the outgoing frames, kept in the store. In a fleet each stream
 * is run by the one agent holding its lease, and every agent serves its events and queues its frames.
 *
 * <p>Used by {@code api}. Depends on {@code upstream}, {@code connectivity}, {@code fleet}, {@code store} and
 * {@code config}.
 */
package io.outpost.stream;
