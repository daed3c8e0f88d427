import { type NginxMode, nginxBin, startNginx } from "../nginx";
import { binaryExists, type RunningProxy } from "../proxy-process";
import { apache } from "./apache";
import { caddy } from "./caddy";
import { haproxy } from "./haproxy";
import { lighttpd } from "./lighttpd";
import { assertVariant, type ProxyRecipe } from "./proxy-recipe";
import { varnish } from "./varnish";

const nginxModes: Record<string, NginxMode> = {
  documented: "recommended",
  naive: "naive",
  "ignore-accel": "ignore-accel",
};

/** nginx keeps its own helper (tests/helpers/nginx.ts, with more modes); here it answers like the others. */
const nginx: ProxyRecipe = {
  bin: nginxBin,
  template: "deploy/nginx/lumia.conf",
  variants: {
    documented: "deploy/nginx/lumia.conf",
    naive: "location / { proxy_pass } only, gzip on for text/event-stream",
    "ignore-accel": "gzip for event streams and proxy_ignore_headers X-Accel-Buffering (negative control)",
  },
  start({ variant, upstream }) {
    assertVariant({ recipe: this, variant });
    return startNginx({ upstream: upstream.origin, mode: nginxModes[variant] ?? "recommended" });
  },
};

/** The reverse proxies Lumia's tests run for real, from Debian's packages. */
export const proxyRecipes = { nginx, apache, caddy, haproxy, lighttpd, varnish } satisfies Record<
  string,
  ProxyRecipe
>;
export type TestedProxy = keyof typeof proxyRecipes;

/** Starts `proxy` in `variant` (see each recipe's `variants`) in front of `upstream`. */
export function startProxy({
  proxy,
  variant,
  upstream,
}: {
  proxy: TestedProxy;
  variant: string;
  upstream: string;
}): Promise<RunningProxy> {
  return proxyRecipes[proxy].start({ variant, upstream: new URL(upstream) });
}

/** Whether `proxy`'s binary is installed (`.ci/run` installs every one of them). */
export const proxyInstalled = ({ proxy }: { proxy: TestedProxy }) =>
  binaryExists({ bin: proxyRecipes[proxy].bin });
