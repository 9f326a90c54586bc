package io.outpost.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.OptionalDouble;

/**
 * One scrape of the agent's Prometheus text. A series a test reads must be there: a renamed metric or label
 * fails the test instead of reading as a number that happens to satisfy it.
 */
public final class Metrics {

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    /** Scrapes the agent under test ({@code /q/metrics}). */
    public static Metrics scrape() {
        return of(Agent.api().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Prometheus text got some other way (an agent in another process). */
    public static Metrics of(String text) {
        return new Metrics(text);
    }

    public String text() {
        return text;
    }

    /** The value of one series (name and labels as exported); fails when the series is absent. */
    public double value(String series) {
        OptionalDouble value = find(series);
        if (value.isEmpty()) {
            fail("no series %s in the agent's metrics:%n%s", series, text);
        }
        return value.getAsDouble();
    }

    /**
     * The value of a counter-like series that appears with its first observation: 0 while it has none, but the
     * metric itself (its {@code # TYPE} line) must be exported, so a renamed metric still fails.
     */
    public double count(String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String family = name.replaceAll("_(count|sum|bucket|total)$", "");
        if (text.lines().noneMatch(l -> l.startsWith("# TYPE " + name + " ") || l.startsWith("# TYPE " + family + " "))) {
            fail("no metric %s in the agent's metrics:%n%s", name, text);
        }
        return find(series).orElse(0);
    }

    private OptionalDouble find(String series) {
        return text.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
    }
}
