import type { Locale } from "@/lib/i18n/messages";
import type { ProxyKind } from "./detect-proxy";

/** What to change in one proxy so that it passes Lumia's streams on chunk by chunk. */
export type ProxyFix = {
  label: string;
  /** What holds the stream back in this proxy and what to change, in a few sentences. */
  summary: Record<Locale, string>;
  /** The config to paste (comments in English: they go into config files). */
  snippet?: { language: string; code: string };
  /** Steps, for services configured in a dashboard rather than a file. */
  steps?: Record<Locale, string[]>;
  /** Where docs/deploy.md explains it, with the config Lumia's tests run. */
  docs: string;
  /** Written from the proxy's documentation, not run by Lumia's tests. */
  untested?: boolean;
};

// Lumia's streaming paths: every route ending in /stream, the fast chat and the AI SDK chat.
const STREAM_PATHS_REGEX = "(/stream|/chat/fast|^/api/chat)$";

/** Each proxy's fix, shown by `npm run check-stream` and the /diagnostics page alike. */
export const proxyFixes: Record<ProxyKind, ProxyFix> = {
  nginx: {
    label: "nginx",
    summary: {
      en: "nginx honours Lumia's X-Accel-Buffering: no and streams, unless a proxy_ignore_headers line ignores it: then gzip holds the answer back for every client that accepts gzip. Remove X-Accel-Buffering from proxy_ignore_headers, or give Lumia's stream paths proxy_buffering off and gzip off.",
      sv: "nginx följer Lumias X-Accel-Buffering: no och strömmar, om inte en proxy_ignore_headers-rad ignorerar den: då håller gzip kvar svaret för varje klient som tar emot gzip. Ta bort X-Accel-Buffering ur proxy_ignore_headers, eller ge Lumias strömvägar proxy_buffering off och gzip off.",
    },
    snippet: {
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
    docs: "docs/deploy.md#nginx",
  },
  apache: {
    label: "Apache",
    summary: {
      en: "Apache 2.4's mod_proxy_http passes every chunk on as it arrives, compressed by mod_deflate or not; no flushpackets or no-gzip setting is needed. If it still holds the stream back, a filter that needs the whole response is in the way on Lumia's paths: mod_buffer (SetOutputFilter BUFFER), mod_substitute, mod_sed, or mod_security with SecResponseBodyAccess On.",
      sv: "Apache 2.4:s mod_proxy_http skickar vidare varje bit när den kommer, med eller utan mod_deflate; ingen flushpackets- eller no-gzip-inställning behövs. Håller den ändå kvar strömmen står ett filter som behöver hela svaret i vägen på Lumias vägar: mod_buffer (SetOutputFilter BUFFER), mod_substitute, mod_sed eller mod_security med SecResponseBodyAccess On.",
    },
    snippet: {
      language: "apache",
      code: `<VirtualHost *:80>
    ServerName lumia.example.com
    ProxyPreserveHost On
    RequestHeader set X-Forwarded-Proto "http"
    # timeout: the longest silence between two reads from Lumia.
    ProxyPass        / http://127.0.0.1:3000/ timeout=3600
    ProxyPassReverse / http://127.0.0.1:3000/
</VirtualHost>

# No filter that collects whole responses on the streams, e.g. mod_security's:
<IfModule security2_module>
    <LocationMatch "${STREAM_PATHS_REGEX}">
        SecResponseBodyAccess Off
    </LocationMatch>
</IfModule>`,
    },
    docs: "docs/deploy.md#apache",
  },
  caddy: {
    label: "Caddy",
    summary: {
      en: "Caddy's reverse_proxy passes a text/event-stream response on chunk by chunk by itself. If it holds the stream back, look on Lumia's site for response buffering (buffer_responses, or response_buffers in newer versions) or a positive flush_interval. Leave flush_interval unset: -1 makes Caddy 2.6 notice a client that leaves only at the next write.",
      sv: "Caddys reverse_proxy skickar vidare ett text/event-stream-svar bit för bit av sig själv. Håller den kvar strömmen, leta på Lumias webbplats efter svarsbuffring (buffer_responses, eller response_buffers i nyare versioner) eller ett positivt flush_interval. Låt flush_interval vara: -1 gör att Caddy 2.6 märker en klient som går först vid nästa skrivning.",
    },
    snippet: {
      language: "caddyfile",
      code: `lumia.example.com {
    encode zstd gzip
    # Streams text/event-stream chunk by chunk; no flush_interval needed.
    reverse_proxy 127.0.0.1:3000
}`,
    },
    docs: "docs/deploy.md#caddy",
  },
  haproxy: {
    label: "HAProxy",
    summary: {
      en: "HAProxy hands small writes to the kernel as 'more to come', and the kernel holds them up to 200 ms: Lumia's chunks arrive in batches about every 250 ms. Add option http-no-delay, and option abortonclose so that a client that leaves stops the model at once, in a defaults section in front of Lumia's frontend and backend.",
      sv: "HAProxy lämnar små skrivningar till kärnan som 'mer kommer', och kärnan håller dem upp till 200 ms: Lumias bitar kommer i omgångar ungefär var 250:e ms. Lägg till option http-no-delay, och option abortonclose så att en klient som går stoppar modellen direkt, i en defaults-sektion före Lumias frontend och backend.",
    },
    snippet: {
      language: "haproxy",
      code: `defaults lumia
    mode http
    # Send every chunk as it comes instead of letting the kernel wait for more.
    option http-no-delay
    # Pass a client's hang-up on to Lumia at once (only works from defaults).
    option abortonclose
    option forwardfor
    timeout connect 5s
    timeout client 1h
    timeout server 1h

frontend lumia
    bind :80
    http-request set-header X-Forwarded-Proto http
    default_backend lumia

backend lumia
    server lumia1 127.0.0.1:3000`,
    },
    docs: "docs/deploy.md#haproxy",
  },
  lighttpd: {
    label: "lighttpd",
    summary: {
      en: "lighttpd collects the whole response before it sends any of it (server.stream-response-body = 0 by default), and meanwhile never notices a client that leaves, so the model keeps generating for nobody. Set server.stream-response-body = 2 for Lumia's host.",
      sv: "lighttpd samlar ihop hela svaret innan den skickar något av det (server.stream-response-body = 0 som standard), och märker under tiden aldrig en klient som går, så modellen fortsätter generera för ingen. Sätt server.stream-response-body = 2 för Lumias värd.",
    },
    snippet: {
      language: "lighttpd",
      code: `server.modules += ( "mod_proxy" )

$HTTP["host"] == "lumia.example.com" {
    # Pass every chunk on as it arrives (the default, 0, sends the whole
    # response at its end).
    server.stream-response-body = 2
    proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => 3000 ) ) )
    proxy.forwarded = ( "for" => 1, "proto" => 1, "host" => 1 )
}`,
    },
    docs: "docs/deploy.md#lighttpd",
  },
  varnish: {
    label: "Varnish",
    summary: {
      en: "Varnish holds a stream back when it compresses it (beresp.do_gzip), for clients with and without gzip alike, and then never tells Lumia that a client left. Pipe Lumia's stream paths in vcl_recv (pass also streams, but notices a client that leaves later), and never set do_gzip on text/event-stream.",
      sv: "Varnish håller kvar en ström när den komprimerar den (beresp.do_gzip), för klienter med och utan gzip, och berättar sedan aldrig för Lumia att en klient gått. Använd pipe för Lumias strömvägar i vcl_recv (pass strömmar också, men märker senare att en klient gått), och sätt aldrig do_gzip på text/event-stream.",
    },
    snippet: {
      language: "vcl",
      code: `sub vcl_recv {
    # Lumia's streams go through as they are, and a hang-up closes them at once.
    if (req.url ~ "^[^?]*(/stream|/memory/chat/fast)(\\?|$)" || req.url ~ "^/api/chat(\\?|$)") {
        return (pipe);
    }
}

sub vcl_backend_response {
    # Never compress or cache an event stream: do_gzip holds it back.
    if (beresp.http.Content-Type ~ "^text/event-stream") {
        set beresp.do_gzip = false;
        set beresp.do_stream = true;
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}`,
    },
    docs: "docs/deploy.md#varnish",
  },
  traefik: {
    label: "Traefik",
    summary: {
      en: "Traefik flushes event streams at once by itself. What holds them back is a middleware on Lumia's router: remove buffering, and exclude text/event-stream from compress. (Written from Traefik's documentation; not tested by Lumia.)",
      sv: "Traefik skickar vidare händelseströmmar direkt av sig själv. Det som håller kvar dem är en middleware på Lumias router: ta bort buffering, och undanta text/event-stream från compress. (Skrivet efter Traefiks dokumentation; inte testat av Lumia.)",
    },
    snippet: {
      language: "yaml",
      code: `http:
  middlewares:
    lumia-compress:
      compress:
        excludedContentTypes:
          - text/event-stream
  # ...and no buffering middleware on Lumia's router.`,
    },
    docs: "docs/deploy.md#traefik-untested-here",
    untested: true,
  },
  envoy: {
    label: "Envoy",
    summary: {
      en: "Envoy passes streams on as they come, but its route timeout (15 s by default, for the whole response) cuts off every longer answer, and a buffer filter holds responses back. Set timeout: 0s and an idle_timeout on Lumia's route, and keep the buffer filter off it. (Written from Envoy's documentation; not tested by Lumia.)",
      sv: "Envoy skickar vidare strömmar när de kommer, men dess route-timeout (15 s som standard, för hela svaret) klipper varje längre svar, och ett buffer-filter håller kvar svar. Sätt timeout: 0s och en idle_timeout på Lumias route, och håll buffer-filtret borta från den. (Skrivet efter Envoys dokumentation; inte testat av Lumia.)",
    },
    snippet: {
      language: "yaml",
      code: `routes:
  - match: { prefix: "/" }
    route:
      cluster: lumia
      # The default 15 s covers the whole response: turn it off.
      timeout: 0s
      idle_timeout: 3600s`,
    },
    docs: "docs/deploy.md#envoy-untested-here",
    untested: true,
  },
  cloudflare: {
    label: "Cloudflare",
    summary: {
      en: "Cloudflare passes event streams on when it neither caches nor transforms them.",
      sv: "Cloudflare skickar vidare händelseströmmar när den varken cachar eller omvandlar dem.",
    },
    steps: {
      en: [
        "Cache Rules: bypass the cache for Lumia's stream paths; never cache text/event-stream.",
        "Configuration Rules for those paths: Rocket Loader off, and a Compression Rule that disables compression for text/event-stream.",
        "Enterprise plans: turn Response Buffering off for the hostname.",
        "Lumia already sends Cache-Control: no-cache, no-transform on every stream; make sure no Transform Rule removes it.",
      ],
      sv: [
        "Cache Rules: gå förbi cachen för Lumias strömvägar; cacha aldrig text/event-stream.",
        "Configuration Rules för de vägarna: stäng av Rocket Loader, och en Compression Rule som stänger av komprimering för text/event-stream.",
        "Enterprise: stäng av Response Buffering för värdnamnet.",
        "Lumia skickar redan Cache-Control: no-cache, no-transform med varje ström; se till att ingen Transform Rule tar bort det.",
      ],
    },
    docs: "docs/deploy.md#cloudflare-and-other-cdns",
  },
};

/** For a proxy that no evidence names: what to look for in any of them. */
export const genericFix: Omit<ProxyFix, "snippet"> & { steps: Record<Locale, string[]> } = {
  label: "?",
  summary: {
    en: "No header or arrival pattern names the proxy in between, so here is what to check in any of them.",
    sv: "Ingen rubrik eller ankomstmönster pekar ut proxyn på vägen, så här är vad du ska kontrollera i vilken som helst av dem.",
  },
  steps: {
    en: [
      "Find what answers in front of Lumia: its name is often in the Server or Via response header, or in your hosting's load balancer settings.",
      "Turn response buffering off for Lumia's stream paths (ending in /stream, /memory/chat/fast, /api/chat), or for text/event-stream responses.",
      "Do not compress text/event-stream, or make sure the compressor flushes after every write.",
      "Turn write coalescing off between the proxy and the client (options called no-delay or TCP_NODELAY).",
      "Never cache these paths, and allow at least an hour between two reads from Lumia (it sends a keep-alive comment every 15 s).",
      "Run npm run check-stream -- <url> --encoding both against each hop, from Lumia outwards, to find the one that holds chunks back.",
    ],
    sv: [
      "Ta reda på vad som svarar framför Lumia: namnet står ofta i svarsrubriken Server eller Via, eller i lastbalanserarens inställningar hos ditt webbhotell.",
      "Stäng av svarsbuffring för Lumias strömvägar (som slutar på /stream, /memory/chat/fast, /api/chat), eller för text/event-stream-svar.",
      "Komprimera inte text/event-stream, eller se till att komprimeraren skickar vidare efter varje skrivning.",
      "Stäng av sammanslagning av skrivningar mellan proxyn och klienten (inställningar som heter no-delay eller TCP_NODELAY).",
      "Cacha aldrig de vägarna, och tillåt minst en timme mellan två läsningar från Lumia (den skickar en keep-alive-kommentar var 15:e s).",
      "Kör npm run check-stream -- <url> --encoding both mot varje led, från Lumia och utåt, för att hitta det som håller kvar bitarna.",
    ],
  },
  docs: "docs/deploy.md#any-other-proxy",
};

/** The fix to show for a detection: the named proxy's, or the generic checklist. */
export function fixFor({ proxy }: { proxy: ProxyKind | "unknown" }): ProxyFix {
  return proxy === "unknown" ? genericFix : proxyFixes[proxy];
}
