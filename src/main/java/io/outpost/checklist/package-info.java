/**
 * The network operations checklist applied to the running agent ({@code GET /v1/checklist}): each check is a
 * small pure object that judges the configuration and what the agent observed ({@link Facts}, the time in
 * it) and returns items that are ok, warn or fail. {@link Observations} gathers what the traffic showed
 * (429 answers, circuit openings, large bodies) and what the outbox holds; {@link Checklist} runs them all.
 *
 * <p>Used by {@code api} only. Depends on {@code upstream} (answers and circuit transitions), {@code outbox}
 * (counts and TTLs of the waiting messages) and {@code config} (what is checked).
 */
package io.outpost.checklist;
