/**
 * File transfers: resumable downloads and uploads with progress, streamed through the route's pipeline
 * without holding a file in memory, parked while the route is unreachable and resumed after a restart.
 *
 * <p>Used by {@code api}. Depends on {@code upstream}, {@code connectivity}, {@code store} and {@code config}.
 */
package io.outpost.transfer;
