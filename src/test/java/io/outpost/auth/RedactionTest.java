package io.outpost.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the OIDC client's DEBUG dump of its token request: base64 of client-id:secret
            "Request headers: authorization=Basic b3V0cG9zdDpzM2NyZXQ=, accept=application/json"
                    + "|Request headers: authorization=Basic [redacted], accept=application/json",
            "Authorization: Bearer abc.def-ghi|Authorization: Bearer [redacted]",
            "{\"Authorization\":\"Bearer xyz\"}|{\"Authorization\":\"Bearer [redacted]\"}",
            "Proxy-Authorization: Basic Zm9vOmJhcg==|Proxy-Authorization: Basic [redacted]",
            "Cookie: session=42; theme=dark|Cookie: [redacted]",
            "grant_type=client_credentials&client_secret=s3cr%2Fet&scope=a|grant_type=client_credentials&client_secret=[redacted]&scope=a",
            "client_assertion_type=x&client_assertion=abc|client_assertion_type=x&client_assertion=[redacted]",
            "{\"access_token\":\"tok\",\"expires_in\":60}|{\"access_token\":\"[redacted]\",\"expires_in\":60}",
            "GET /data?api_key=k123&x=1|GET /data?api_key=[redacted]&x=1",
            "X-API-Key: k123|X-API-Key: [redacted]",
            "Sec-WebSocket-Protocol: outpost, outpost.bearer.dGVzdC10b2tlbg|Sec-WebSocket-Protocol: outpost, outpost.bearer.[redacted]",
            "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXZpY2UifQ.c2lnbmF0dXJl sent|token [redacted] sent" })
    void credentialsAreHidden(String line, String expected) {
        assertThat(Redaction.redact(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "outpost.routes.up.auth.oauth2.client-secret: required for auth.type=oauth2",
            "outpost.routes.up.auth.api-key.value: required for auth.type=api-key (or api-key.file)",
            "outpost.api.token-file: cannot read /etc/outpost/token",
            "route up: HTTP 401: unauthorized",
            "OidcClient has acquired the tokens" })
    void messagesWithoutCredentialsStayAsTheyAre(String line) {
        assertThat(Redaction.redact(line)).isSameAs(line);
    }
}
