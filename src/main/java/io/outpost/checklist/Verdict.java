package io.outpost.checklist;

/** What a check concluded, before it is labelled with the check's id, title and route. */
record Verdict(Status status, String detail) {

    static Verdict ok(String detail) {
        return new Verdict(Status.OK, detail);
    }

    static Verdict warn(String detail) {
        return new Verdict(Status.WARN, detail);
    }

    static Verdict fail(String detail) {
        return new Verdict(Status.FAIL, detail);
    }

    /** The worse of the two; on a tie, this one. */
    Verdict or(Verdict other) {
        return other.status.compareTo(status) > 0 ? other : this;
    }
}
