# Varnish in front of Lumia: use as /etc/varnish/default.vcl (or merge the subroutines into yours),
# set the backend address, then `varnishd -C -f /etc/varnish/default.vcl >/dev/null && systemctl
# reload varnish`. Tested with Varnish 7.1 (Debian 12) by tests/integration/proxies.test.ts.
vcl 4.1;

backend lumia {
    # Where `npm start` listens.
    .host = "127.0.0.1";
    .port = "3000";
    # Lumia's streams send a `: keep-alive` comment every 15 s while a model loads, but a response that
    # waits for a whole answer before its first byte can take minutes.
    .first_byte_timeout = 3600s;
    .between_bytes_timeout = 3600s;
}

sub vcl_recv {
    # Lumia's streams: every path ending in /stream, the fast chat and the AI SDK chat. Pipe hands the
    # connection over as it is: every chunk goes through at once, and a client that hangs up closes
    # the connection to Lumia, which stops the model (measured: 2 ms; `return (pass)` also streams but
    # notices the hang-up only when a later chunk cannot be written).
    if (req.url ~ "^[^?]*(/stream|/memory/chat/fast)(\?|$)" || req.url ~ "^/api/chat(\?|$)") {
        return (pipe);
    }
}

sub vcl_backend_response {
    # If an event stream reaches the cache path anyway: never compress it (do_gzip holds the whole
    # answer back, for clients with and without gzip alike), never cache it, and stream it.
    if (beresp.http.Content-Type ~ "^text/event-stream") {
        set beresp.do_gzip = false;
        set beresp.do_stream = true;
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}
