/**
 * Streams from upstreams: SSE and WebSocket clients with heartbeats and reconnection, long polling as the
 * fallback, the inbox of received events and the outgoing frames, kept in the store.
 *
 * <p>Used by {@code api}. Depends on {@code upstream}, {@code connectivity}, {@code store} and {@code config}.
 */
package io.outpost.stream;
