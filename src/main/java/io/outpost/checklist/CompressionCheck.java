package io.outpost.checklist;

import io.outpost.config.RouteConfig;

/**
 * Text bodies of a kilobyte or more shrink several times under gzip: on a metered or slow link that is
 * time and money. Judged by what was sent: a route that only carries small bodies needs nothing.
 */
final class CompressionCheck implements Check.OfRoute {

    @Override
    public String id() {
        return "route-compression";
    }

    @Override
    public String title() {
        return "Large request bodies compressed";
    }

    @Override
    public Verdict judge(String name, RouteConfig route, RouteSeen seen, Facts facts) {
        if (route.compression() == RouteConfig.Compression.GZIP) {
            return Verdict.ok("request bodies of 1 KiB or more are sent gzip-compressed");
        }
        if (seen.lastLargeBodyAt() != null) {
            return Verdict.warn("bodies of 1 KiB or more went out uncompressed, the latest at "
                    + Text.at(seen.lastLargeBodyAt(), facts.now()) + "; set outpost.routes." + name
                    + ".compression=gzip if the upstream accepts Content-Encoding: gzip");
        }
        return Verdict.ok("no request body of 1 KiB or more sent uncompressed since start");
    }
}
