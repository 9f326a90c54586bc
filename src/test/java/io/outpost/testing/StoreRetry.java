package io.outpost.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * What the API tells its clients to do with a {@code 503} store-unavailable (the store did not answer within
 * its deadline, as a loaded machine's first queries after a boot may not): wait its {@code Retry-After}
 * and send the request again. The tests' request helpers apply it, so a slow moment of the store is not a
 * red test; a store that stays down still fails after {@link #GIVE_UP}. Tests of the 503 itself
 * (StoreOutageTest) do not use it.
 */
public final class StoreRetry implements Filter {

    static final Duration GIVE_UP = Duration.ofSeconds(20);
    private static final String TYPE = "urn:outpost:problem:store-unavailable";

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext ctx) {
        long end = System.nanoTime() + GIVE_UP.toNanos();
        Response r = ctx.next(request, response);
        while (unavailable(r) && System.nanoTime() < end) {
            LockSupport.parkNanos(Duration.ofSeconds(retryAfter(r)).toNanos()); // the client's wait, as it was told
            r = ctx.send(request);
        }
        return r;
    }

    private static boolean unavailable(Response r) {
        return r.statusCode() == 503 && r.asString().contains(TYPE);
    }

    private static long retryAfter(Response r) {
        try {
            return Math.max(1, Math.min(5, Long.parseLong(r.header("Retry-After").trim())));
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
