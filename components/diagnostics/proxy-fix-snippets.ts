import type { ProxyKind } from "./diagnose-buffering";

// Lumia's streaming paths: every route ending in /stream, the fast chat and the AI SDK chat.
const STREAM_PATHS_REGEX = "(/stream|/chat/fast|^/api/chat)$";

/**
 * The configuration that lets each proxy pass a Server-Sent Events stream on as it is written.
 * The comments stay in English: they are pasted into config files.
 */
export const proxyFixSnippets: Record<
  Exclude<ProxyKind, "cloudflare">,
  { language: string; code: string }
> = {
  nginx: {
    language: "nginx",
    code: `# Lumia sends "X-Accel-Buffering: no" on every stream, which turns nginx's
# buffering (and gzip's buffering) off for that response. Let nginx honour it:
# X-Accel-Buffering must not appear in proxy_ignore_headers.
location / {
    proxy_pass http://lumia;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_read_timeout 3600s;
}

# If the header has to be ignored, turn buffering and gzip off for the streams:
location ~ ${STREAM_PATHS_REGEX} {
    proxy_pass http://lumia;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_buffering off;
    gzip off;
    proxy_read_timeout 3600s;
}`,
  },
  apache: {
    language: "apache",
    code: `# mod_proxy: send every packet on as soon as it arrives.
ProxyPass        / http://127.0.0.1:3000/ flushpackets=on
ProxyPassReverse / http://127.0.0.1:3000/

# mod_deflate: never compress the streams.
<LocationMatch "${STREAM_PATHS_REGEX}">
    SetEnv no-gzip 1
</LocationMatch>`,
  },
  caddy: {
    language: "caddyfile",
    code: `lumia.example.com {
    reverse_proxy 127.0.0.1:3000 {
        # Flush every write to the client at once.
        flush_interval -1
    }
    # If you use \`encode\`, keep the stream paths out of it.
}`,
  },
};
