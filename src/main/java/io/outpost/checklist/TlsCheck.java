package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/** Requests, credentials and answers that leave the device in clear text can be read and changed on the way. */
final class TlsCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-tls";
    }

    @Override
    public String title() {
        return "TLS (https) to every host beyond the device";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        String host = Hosts.of(route.url());
        if (Hosts.tls(route.url())) {
            return Verdict.ok("https to " + host);
        }
        if (Hosts.loopback(host)) {
            return Verdict.ok("plain http, but to " + host + ": the traffic stays on the device");
        }
        return Verdict.fail("outpost.routes." + name + ".url is plain http to " + host + ": what is sent and "
                + "answered (credentials too) crosses the network readable and changeable; use https://");
    }
}
