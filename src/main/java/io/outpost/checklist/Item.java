package io.outpost.checklist;

/**
 * One line of the checklist: a check applied to the whole agent ({@code route} null) or to one route.
 *
 * @param docs where the check is explained: {@code src/docs/checklist.md#<id>}, relative to the repository
 */
public record Item(String id, String title, Status status, String route, String detail, String docs) {

    /** The page of the guide that describes every check, one heading (anchor) per id. */
    static final String DOCS = "src/docs/checklist.md#";
}
