import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

/**
 * The drain's ceiling without a store: the agent's own HTTP client (Vert.x, from the packaged agent's
 * libraries) keeping as many POSTs in flight as the route has connections, nothing else. Tells how much of
 * the gap between the drain and wrk is the transport and how much the outbox's bookkeeping.
 * Usage: java -cp "target/quarkus-app/lib/main/*" src/bench/TransportCeiling.java port connections seconds
 */
public class TransportCeiling {

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(connections));
        Buffer body = Buffer.buffer(
                "{\"device\":\"gw-17\",\"sensor\":\"temp\",\"value\":21.5,\"unit\":\"C\",\"ts\":\"2026-11-26T07:00:00Z\"}");
        AtomicLong answered = new AtomicLong();
        Runnable[] send = new Runnable[1];
        send[0] = () -> client.request(HttpMethod.POST, "/ingest").compose(request -> {
            request.putHeader("Content-Type", "application/json")
                    .putHeader("Idempotency-Key", "01a216ab-728d-749c-bf34-740f839f0e63");
            return request.send(body).compose(HttpClientResponse::body);
        }).onComplete(done -> {
            answered.incrementAndGet();
            send[0].run();
        });
        vertx.runOnContext(v -> {
            for (int i = 0; i < connections; i++) {
                send[0].run();
            }
        });
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread.sleep(5_000); // the JIT's warm-up, not measured
        long n0 = answered.get(), cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = answered.get() - n0, cpu = os.getProcessCpuTime() - cpu0;
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%.0f %.1f%n", n / wall, cpu / 1e3 / n);
        System.exit(0);
    }
}
