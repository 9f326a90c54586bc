package io.outpost.stream;

/**
 * Where a stream resumes at its upstream: the SSE event id for {@code Last-Event-ID} and the long-poll
 * cursor. Moved only once the events leading to them are stored; read by the openers from other threads.
 */
final class ResumePoints {

    volatile String lastEventId;
    volatile String pollCursor;

    ResumePoints(String lastEventId, String pollCursor) {
        this.lastEventId = lastEventId;
        this.pollCursor = pollCursor;
    }
}
