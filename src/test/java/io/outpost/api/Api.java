package io.outpost.api;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.outpost.testing.StoreRetry;
import io.restassured.specification.RequestSpecification;

/** Request helpers for the API tests: the test profile's token, fresh keys. */
final class Api {

    static final String TOKEN = "test-token";

    private Api() {
    }

    static RequestSpecification authed() {
        return given().filter(new StoreRetry()).header("Authorization", "Bearer " + TOKEN);
    }

    static String key() {
        return "k-" + UUID.randomUUID();
    }
}
