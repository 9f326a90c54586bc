package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * What the auth tests share with the agent they boot: a real OAuth2 server (mock-oauth2-server) issuing
 * client-credentials tokens that live 5 s, device keys for signed JWTs, an API key file, and the
 * secrets, so that a test can look for them where they must not be.
 */
public final class AuthFixtures {

    public static final String CLIENT_SECRET = "cs-7f3a9e1b42d8";
    public static final String QUERY_KEY = "qk-5c2e81f0aa93";
    public static final String FIRST_FILE_KEY = "fk-a19b7d3c0e55";

    private static AuthFixtures shared;

    public final MockOAuth2Server oauth;
    public final Path dir;
    public final Path apiKeyFile;
    public final KeyPair rsa;
    public final KeyPair ec;
    public final Path rsaKeyFile;
    public final Path ecKeyFile;

    private AuthFixtures() throws Exception {
        oauth = new MockOAuth2Server(OAuth2Config.Companion.fromJson("""
                {"tokenCallbacks": [{"issuerId": "default", "tokenExpiry": 5,
                  "requestMappings": [{"requestParam": "grant_type", "match": "*",
                    "claims": {"sub": "outpost", "aud": ["upstream"]}}]}]}"""));
        oauth.start(InetAddress.getLoopbackAddress(), 0);
        dir = TempDirs.create("outpost-auth");
        apiKeyFile = dir.resolve("api-key");
        Files.writeString(apiKeyFile, FIRST_FILE_KEY + "\n");
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        rsa = rsaGen.generateKeyPair();
        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        ec = ecGen.generateKeyPair();
        rsaKeyFile = pem(dir.resolve("device-rsa.pem"), rsa.getPrivate().getEncoded());
        ecKeyFile = pem(dir.resolve("device-ec.pem"), ec.getPrivate().getEncoded());
    }

    public static synchronized AuthFixtures shared() {
        if (shared == null) {
            try {
                shared = new AuthFixtures();
            } catch (Exception e) {
                throw new IllegalStateException("auth fixtures did not start", e);
            }
        }
        return shared;
    }

    /** Stops the OAuth2 server; the key files go with the JVM's temporary directories. */
    public static synchronized void release() {
        if (shared != null) {
            shared.oauth.shutdown();
            shared = null;
        }
    }

    public String tokenUrl() {
        return oauth.tokenEndpointUrl("default").toString();
    }

    /** Token requests the server received since the last call, as their Basic client ids. */
    public synchronized List<String> drainTokenRequests() {
        ArrayList<String> clients = new ArrayList<>();
        while (true) {
            RecordedRequest r;
            try {
                r = oauth.takeRequest(200, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) { // it throws rather than return nothing when the queue is empty
                return clients;
            }
            if (r.getPath() != null && r.getPath().endsWith("/token")) {
                String basic = r.getHeader("Authorization");
                clients.add(basic == null ? "?" : new String(Base64.getDecoder().decode(basic.substring(6)))
                        .split(":")[0]);
            }
        }
    }

    /** PKCS#8 PEM, which smallrye-jwt reads for both RSA and EC keys. */
    private static Path pem(Path file, byte[] pkcs8) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8);
        try {
            return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
