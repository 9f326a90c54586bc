package io.outpost.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AuthTest {

    @Test
    void missingTokenIs401Problem() {
        given().body("x").post("/v1/routes/orders/messages").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer realm=\"outpost\"")
                .body("status", equalTo(401));
        given().get("/v1/routes").then().statusCode(401);
        given().get("/v1/no-such-thing").then().statusCode(401);
    }

    @Test
    void matrixParametersInThePathDoNotGetAroundTheToken() {
        // JAX-RS matches /v1;x/routes as /v1/routes; without the token it must be 401 all the same
        for (String path : new String[] { "/v1;a=b/routes", "/v1;/messages?limit=5", "/v1;x/network",
                "/v1%3Bx/routes" }) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(401);
        }
        given().urlEncodingEnabled(false).delete("/v1;x/messages/0193a6f0-0000-7000-8000-000000000001").then()
                .statusCode(401);
    }

    @Test
    void wrongTokenIs401() {
        given().header("Authorization", "Bearer wrong").get("/v1/routes").then().statusCode(401)
                .body("detail", equalTo("The bearer token is not valid."));
        given().header("Authorization", "Basic dGVzdC10b2tlbg==").get("/v1/routes").then().statusCode(401);
        given().header("Authorization", "Bearer " + Api.TOKEN + "x").get("/v1/routes").then().statusCode(401);
    }

    @Test
    void rightTokenPasses() {
        given().header("Authorization", "bearer " + Api.TOKEN).get("/v1/routes").then().statusCode(200);
    }

    @Test
    void healthIsOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200);
    }
}
