package io.outpost.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps of the README's five-minute tour, read from README.md itself so that the test runs what a reader
 * types. A step is marked by an HTML comment (invisible on GitHub) {@code <!-- tour: ROLE -->}, followed by the
 * fenced block it applies to, if any:
 * <ul>
 * <li>{@code server}, {@code agent}: a shell command a reader leaves running in a terminal of its own;
 * <li>{@code run}: a {@code console} block of {@code $ command} lines, each followed by the output it shows;
 * <li>{@code prints}: lines the server's terminal shows, in this order;
 * <li>{@code stop-server}, {@code start-server}: what the prose tells the reader to do (no block).
 * </ul>
 */
record ReadmeTour(List<Step> steps) {

    private static final Pattern MARK = Pattern.compile("^<!-- tour: ([a-z-]+) -->$");

    /** One marked step: its role and the lines of its block (none for an action). */
    record Step(String role, List<String> lines) {

        String script() {
            return String.join("\n", lines);
        }

        /** A {@code run} block as commands (continued by a trailing backslash) and the output shown after each. */
        List<Command> commands() {
            List<Command> commands = new ArrayList<>();
            StringBuilder command = null;
            List<String> shown = null;
            boolean continued = false;
            for (String line : lines) {
                if (continued) {
                    command.append('\n').append(line);
                } else if (line.startsWith("$ ")) {
                    if (command != null) {
                        commands.add(new Command(command.toString(), shown));
                    }
                    command = new StringBuilder(line.substring(2));
                    shown = new ArrayList<>();
                } else if (shown != null) {
                    shown.add(line);
                } else {
                    throw new IllegalStateException("output before any command in a tour block: " + line);
                }
                continued = line.endsWith("\\");
            }
            if (command != null) {
                commands.add(new Command(command.toString(), shown));
            }
            return commands;
        }
    }

    /** A command as typed and the output the README shows for it. */
    record Command(String text, List<String> shown) {

        /** A command that changes something is run once; a read may be repeated until it shows what is shown. */
        boolean changesState() {
            return text.contains("-X ") || text.contains(" -d ");
        }
    }

    static ReadmeTour read(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher mark = MARK.matcher(lines.get(i));
            if (!mark.matches()) {
                continue;
            }
            List<String> block = new ArrayList<>();
            if (i + 1 < lines.size() && lines.get(i + 1).startsWith("```")) {
                int j = i + 2;
                for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
                    block.add(lines.get(j));
                }
                i = j;
            }
            steps.add(new Step(mark.group(1), block));
        }
        return new ReadmeTour(steps);
    }
}
