package io.outpost.checklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The checklist page against the checks {@code GET /v1/checklist} runs: every item's {@code docs} link
 * ({@code src/docs/checklist.md#<id>}) lands on a heading of that id, and the page's table lists each check
 * with its title, so no check the agent reports is missing from the page, and the page lists none it lacks.
 */
class ChecklistDocTest {

    private static final Path PAGE = Path.of("src/docs/checklist.md");
    private static final Pattern ROW = Pattern.compile("^\\| \\[`([a-z-]+)`\\]\\(#\\1\\) \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void everyCheckHasItsHeadingAndItsRow() throws IOException {
        String page = Files.readString(PAGE);
        for (Check check : Checks.ALL) {
            assertThat(page).as("a heading for %s in %s", check.id(), PAGE).contains("\n### " + check.id() + "\n");
            assertThat(page).as("the row of %s in %s", check.id(), PAGE)
                    .contains("| [`" + check.id() + "`](#" + check.id() + ") | " + check.title() + " |");
        }
        Matcher row = ROW.matcher(page);
        int rows = 0;
        while (row.find()) {
            String id = row.group(1);
            assertThat(Checks.ALL).as("%s lists %s, which the agent does not check", PAGE, id)
                    .anySatisfy(c -> assertThat(c.id()).isEqualTo(id));
            rows++;
        }
        assertThat(rows).as("rows of the table in %s", PAGE).isEqualTo(Checks.ALL.size());
    }
}
