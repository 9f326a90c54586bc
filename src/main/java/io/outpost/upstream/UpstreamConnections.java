package io.outpost.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * What every pooled connection to an upstream gets when it opens, for two things Vert.x's HTTP/1.1 client
 * gets wrong on its own:
 * <ul>
 * <li><b>interim answers</b> (RFC 9110 15.2): Vert.x takes a {@code 102 Processing} (or any 1xx but 100
 * and 103) for the final answer, completes the request with it and drops the real one that follows, so
 * the caller gets a 102 and the connection is left out of step. They are dropped here, before Vert.x sees
 * them; the final answer then completes the request.</li>
 * <li><b>bytes nobody asked for</b>: an answer whose body runs past its {@code Content-Length} leaves the
 * excess in the connection, where it would be read as the start of the next answer and fail the next
 * request sent on it. Vert.x reports such bytes (and any other fault of a connection between requests) to
 * the connection's exception handler, which by default only logs; here it closes the connection, so the
 * pool opens a clean one for the next request.</li>
 * </ul>
 * The channel is reached through Vert.x's {@code ConnectionBase}, which every HTTP/1.1 connection is.
 */
final class UpstreamConnections {

    private UpstreamConnections() {
    }

    static void opened(HttpConnection connection) {
        connection.exceptionHandler(t -> connection.close());
        if (connection instanceof ConnectionBase base && base.channel().pipeline().get("codec") != null
                && base.channel().pipeline().get("handler") != null) {
            Framing framing = new Framing();
            base.channel().pipeline().addBefore("codec", "outpost-framing", framing.bytes);
            base.channel().pipeline().addBefore("handler", "outpost-interim", framing.messages);
        }
    }

    /**
     * Watches the bytes going into the HTTP decoder and the messages coming out. When a read completes an
     * answer and the decoder still holds bytes of that read, they belong to no request (HTTP/1.1 answers
     * come one per request, and requests are not pipelined): the connection is closed. The decoder keeps
     * leftover bytes in the very buffer it was given, which is how they are seen. Interim answers are
     * dropped on the way out.
     */
    private static final class Framing {

        private boolean ended;
        private boolean dropping;
        private ByteBuf current;

        final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ended = false;
                ByteBuf buf = msg instanceof ByteBuf b ? b.retain() : null;
                current = buf;
                try {
                    ctx.fireChannelRead(msg);
                    if (ended && buf != null && buf.refCnt() > 1 && buf.isReadable()) {
                        ctx.close();
                    }
                } finally {
                    current = null;
                    if (buf != null) {
                        buf.release();
                    }
                }
            }
        };

        final ChannelInboundHandlerAdapter messages = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpResponse response) {
                    int status = response.status().code();
                    dropping = status >= 100 && status < 200 && status != 101;
                    if (!dropping && overruns(response)) {
                        // Closing once the answer ended is too late: Vert.x has put the connection back in the
                        // pool by then and a request sent at once would go out on it. Told now, it closes the
                        // connection itself at the answer's end.
                        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    }
                }
                boolean last = msg instanceof LastHttpContent;
                if (dropping) {
                    dropping = !last;
                    ReferenceCountUtil.release(msg);
                    return;
                }
                ended |= last;
                ctx.fireChannelRead(msg);
            }
        };

        /**
         * Whether the bytes of this read left after the head are more than its {@code Content-Length}. The
         * decoder fires the head before it reads the body, from the very buffer it was given when the read
         * holds the whole answer; otherwise that buffer was copied and reads as empty here.
         */
        private boolean overruns(HttpResponse response) {
            long length = HttpUtil.getContentLength(response, -1L);
            return length >= 0 && current != null && !HttpUtil.isTransferEncodingChunked(response)
                    && current.readableBytes() > length;
        }
    }
}
