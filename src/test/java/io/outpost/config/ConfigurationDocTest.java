package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The configuration reference (src/docs/configuration.md) against the {@code @ConfigMapping} interfaces, so
 * the page cannot drift: every key the code reads has a row, with the code's default, and every
 * {@code outpost.*} key the page lists exists. Keys are walked by reflection as SmallRye Config names them.
 */
class ConfigurationDocTest {

    private static final Path PAGE = Path.of("src/docs/configuration.md");
    /** A table row: its first cell (the key or keys) and its second (the default). */
    private static final Pattern ROW = Pattern.compile("^\\| (`outpost\\.[^|]+) \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private static final Map<String, Optional<String>> CODE_KEYS = new TreeMap<>();
    private static final Map<String, String> DOC_KEYS = new TreeMap<>();

    @BeforeAll
    static void read() throws IOException {
        walk("outpost", OutpostConfig.class);
        DOC_KEYS.putAll(rows(Files.readString(PAGE)));
    }

    /** Key to default cell of every table row that names {@code outpost.*} keys. */
    private static Map<String, String> rows(String page) {
        Map<String, String> keys = new TreeMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            String base = null;
            Matcher code = CODE.matcher(row.group(1));
            while (code.find()) {
                String key = code.group(1);
                if (key.startsWith(".") && base != null) { // "`a.b.c` / `.d`": the sibling a.b.d
                    key = base.substring(0, base.lastIndexOf('.')) + key;
                } else {
                    base = key;
                }
                keys.put(key, row.group(2).trim());
            }
        }
        return keys;
    }

    @Test
    void everyKeyOfTheCodeHasARowWithItsDefault() {
        assertThat(DOC_KEYS.keySet()).as("keys missing from %s", PAGE).containsAll(CODE_KEYS.keySet());
        CODE_KEYS.forEach((key, value) -> value.ifPresent(d -> assertThat(DOC_KEYS.get(key))
                .as("default of %s in %s", key, PAGE).isEqualTo("`" + d + "`")));
    }

    @Test
    void everyKeyOfThePageExists() {
        assertThat(CODE_KEYS.keySet()).as("keys in %s that the code does not read", PAGE)
                .containsAll(DOC_KEYS.keySet());
    }

    /** The settings tables of the guide's pages: the keys exist, and a row of one key shows its default. */
    @Test
    void theGuidesSettingsTablesAgreeWithTheCode() throws IOException {
        try (var pages = Files.list(PAGE.getParent())) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                Map<String, String> rows = rows(Files.readString(page));
                rows.keySet().stream().filter(k -> !k.contains("*")).forEach(key -> assertThat(CODE_KEYS)
                        .as("%s names a key the code does not read", page).containsKey(key));
                rows.forEach((key, value) -> Optional.ofNullable(CODE_KEYS.get(key)).flatMap(d -> d)
                        .filter(d -> !value.contains(","))
                        .ifPresent(d -> assertThat(value).as("default of %s in %s", key, page).isEqualTo("`" + d + "`")));
            }
        }
    }

    private static void walk(String prefix, Class<?> mapping) {
        Arrays.stream(mapping.getMethods()).filter(m -> !m.isDefault() && m.getParameterCount() == 0)
                .sorted(Comparator.comparing(Method::getName)).forEach(m -> {
                    // @WithParentName: the key is the group's own, as budget is to budget.reserve-priority
                    String key = m.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name(m);
                    Type type = m.getGenericReturnType();
                    if (m.getReturnType() == Map.class) {
                        Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                        if (value == String.class) {
                            CODE_KEYS.put(key + ".<Header>", Optional.empty());
                        } else {
                            walk(key + ".<name>", (Class<?>) value);
                        }
                    } else if (isMapping(m.getReturnType())) {
                        walk(key, m.getReturnType());
                    } else {
                        CODE_KEYS.put(key, Optional.ofNullable(m.getAnnotation(WithDefault.class))
                                .map(WithDefault::value));
                    }
                });
    }

    private static boolean isMapping(Class<?> type) {
        return type.isInterface() && type.getPackageName().equals(OutpostConfig.class.getPackageName());
    }

    /** As SmallRye Config names a method: its {@code @WithName}, else its name in kebab case. */
    private static String name(Method m) {
        WithName name = m.getAnnotation(WithName.class);
        return name != null ? name.value() : m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
