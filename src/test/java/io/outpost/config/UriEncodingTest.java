package io.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UriEncodingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '§', value = {
            "/café                §  /caf%C3%A9",
            "/a b                 §  /a%20b",
            "/x?q=crème brûlée    §  /x?q=cr%C3%A8me%20br%C3%BBl%C3%A9e",
            "/日本                 §  /%E6%97%A5%E6%9C%AC",
            "/frag#x?y#z          §  /frag%23x?y%23z",
            "/100%                §  /100%25",
            "/%zz?%               §  /%25zz?%25",
            "/%4                  §  /%254" })
    void encodesWhatRfc3986DoesNotAllowAsUtf8Bytes(String text, String wire) {
        assertThat(UriEncoding.target(text.strip())).isEqualTo(wire.strip());
    }

    @Test
    void delimitersAndUnsafeAsciiAreEncoded() {
        assertThat(UriEncoding.target("/a\"b<c>d`e{f}g|h^i\\j[k]")).isEqualTo("/a%22b%3Cc%3Ed%60e%7Bf%7Dg%7Ch%5Ei%5Cj%5Bk%5D");
        assertThat(UriEncoding.target("/tab\tnl\ndel\u007f")).isEqualTo("/tab%09nl%0Adel%7F");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/caf%C3%A9", "/a%2Fb%20c", "/x%2e%2E", "/ok/path-_.~!$&'()*+,;=:@/", "/q?a=1&b=/?:@%3F",
            "/lower%c3%a9", "", "?only=query", "/mixed%41%zz" })
    void keepsWhatIsAlreadyAllowedAndEncodingTwiceChangesNothing(String target) {
        String once = UriEncoding.target(target);
        if (!target.contains("%zz")) {
            assertThat(once).isEqualTo(target);
        }
        assertThat(UriEncoding.target(once)).isEqualTo(once);
    }

    @Test
    void aRequestLineIsTakenByteForByte() {
        // what the HTTP codec hands over for the raw UTF-8 bytes of "/café?q=é": one char per byte
        String asDecoded = new String("/café?q=é".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(asDecoded).isEqualTo("/caf\u00c3\u00a9?q=\u00c3\u00a9");
        assertThat(UriEncoding.fromRequestLine(asDecoded)).isEqualTo("/caf%C3%A9?q=%C3%A9");
        // bytes that are no UTF-8 at all are passed on as the client sent them, not replaced
        assertThat(UriEncoding.fromRequestLine("/\u00ff\u00fe")).isEqualTo("/%FF%FE");
        assertThat(UriEncoding.target("/\u00ff")).as("as text, U+00FF is two UTF-8 bytes").isEqualTo("/%C3%BF");
    }

    @Test
    void theQueryKeepsItsQuestionMarksAndThePathItsSlashes() {
        assertThat(UriEncoding.target("/a/b?c=d?e/f")).isEqualTo("/a/b?c=d?e/f");
        assertThat(UriEncoding.target(null)).isNull();
        assertThat(UriEncoding.fromRequestLine(null)).isNull();
    }

    @Test
    void everyUpstreamUrlOfARouteIsEncoded() {
        assertThat(RouteUrl.join("https://h/api?k=1", "/café?q=é")).isEqualTo("https://h/api/caf%C3%A9?k=1&q=%C3%A9");
        assertThat(RouteUrl.join("https://h/api/", "/a%2Fb c")).isEqualTo("https://h/api/a%2Fb%20c");
    }
}
