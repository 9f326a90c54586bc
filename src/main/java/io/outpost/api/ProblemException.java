package io.outpost.api;

import java.util.List;
import java.util.Map;

/** Ends a request with a problem response; thrown by validation and by the resources. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    static ProblemException of(int status, String slug, String title, String detail) {
        return new ProblemException(new Problem(Problems.type(slug), title, status, detail, null));
    }

    static ProblemException invalid(String detail, List<Problem.InvalidParam> params) {
        return new ProblemException(new Problem(Problems.type("invalid-request"), "Invalid request", 400, detail, params));
    }
}
