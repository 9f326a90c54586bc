package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteUrlTest {

    @ParameterizedTest
    @NullAndEmptySource
    void noSubpathLeavesTheBaseAsItIs(String subpath) {
        assertThat(RouteUrl.join("https://h/api?key=1", subpath)).isEqualTo("https://h/api?key=1");
        assertThat(RouteUrl.join("https://h/api/", subpath)).isEqualTo("https://h/api/");
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/api,      /items,   https://h/api/items",
            "https://h/api/,     /items,   https://h/api/items",
            "https://h,          /items,   https://h/items",
            "https://h/,         /items,   https://h/items",
            "https://h/api/,     /,        https://h/api/",
            "https://h/api,      /a/b/c/,  https://h/api/a/b/c/",
            "http://h:8080/v1/,  /x%2Fy,   http://h:8080/v1/x%2Fy" })
    void appendsTheSubpathWithoutDoublingTheSlash(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/api?key=1,     /items?page=2,  https://h/api/items?key=1&page=2",
            "https://h/api/?key=1,    /items?page=2,  https://h/api/items?key=1&page=2",
            "https://h/api?a=1&b=2,   /items?c=3&d=4, https://h/api/items?a=1&b=2&c=3&d=4",
            "https://h/api?key=1,     ?page=2,        https://h/api?key=1&page=2" })
    void mergesTheQueriesOfBaseAndSubpathWithAnAmpersand(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/api,   /items?page=2,  https://h/api/items?page=2",
            "https://h/api/,  ?page=2,        https://h/api/?page=2",
            "https://h/api,   ?page=2,        https://h/api?page=2" })
    void keepsASubpathQueryWhenTheBaseHasNone(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/api?key=1,   /items,  https://h/api/items?key=1",
            "https://h/api/?key=1,  /items,  https://h/api/items?key=1" })
    void movesTheBaseQueryAfterTheJoinedPath(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/search?q=a?b", "/search?q=a%26b", "/search?q=x=y" })
    void onlyTheFirstQuestionMarkStartsTheQuery(String subpath) {
        String query = subpath.substring(subpath.indexOf('?') + 1);

        assertThat(RouteUrl.join("https://h/api?key=1", subpath)).isEqualTo("https://h/api/search?key=1&" + query);
    }

    @ParameterizedTest
    @CsvSource({ "https://h/api,  /items?,  https://h/api/items", "https://h/api?,  /items,  https://h/api/items" })
    void anEmptyQueryWithNothingToMergeLeavesNoQuestionMark(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "https://h/api?key=1,  /items?,        https://h/api/items?key=1",
            "https://h/api?,       /items?page=2,  https://h/api/items?page=2",
            "https://h/api?,       /items?,        https://h/api/items" })
    void anEmptyQueryAddsNoStrayAmpersand(String base, String subpath, String expected) {
        assertThat(RouteUrl.join(base, subpath)).isEqualTo(expected);
    }
}
