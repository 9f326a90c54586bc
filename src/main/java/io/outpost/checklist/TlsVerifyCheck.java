package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/**
 * TLS without checking that the certificate names the host is open to anyone on the path who holds any
 * certificate the trust store accepts. The agent always checks the chain; only the name check can be off.
 */
final class TlsVerifyCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-tls-verify";
    }

    @Override
    public String title() {
        return "TLS certificates verified, host name included";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        if (!Hosts.tls(route.url())) {
            return Verdict.ok("no TLS on this route, so nothing to verify (see route-tls)");
        }
        if (!route.tls().verifyHost()) {
            return Verdict.fail("outpost.routes." + name + ".tls.verify-host=false: a certificate for another "
                    + "name is accepted, so a machine in the middle can pose as " + Hosts.of(route.url())
                    + "; issue the upstream a certificate for its name and remove the setting");
        }
        return Verdict.ok("chain and host name verified against " + route.tls().caFile()
                .map(f -> "tls.ca-file " + f).orElse("the JVM's trust store"));
    }
}
