import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runProxyProcess } from "../proxy-process";
import { assertVariant, type ProxyRecipe, readTemplate, replaceAll } from "./proxy-recipe";

// What HAProxy's configuration manual starts from: HTTP mode, timeouts, one frontend, one backend.
const naive = `defaults
    mode http
    timeout connect 5s
    timeout client 1h
    timeout server 1h

frontend lumia
    bind :80
    default_backend lumia

backend lumia
    server lumia1 127.0.0.1:3000
`;

/** HAProxy (`haproxy -db`, foreground, no global section: it keeps the test's user). */
export const haproxy: ProxyRecipe = {
  bin: process.env.HAPROXY_BIN ?? "/usr/sbin/haproxy",
  template: "deploy/haproxy/haproxy.cfg",
  variants: {
    documented: "deploy/haproxy/haproxy.cfg (http-no-delay, abortonclose)",
    naive: "mode http and timeouts only",
  },
  async start({ variant, upstream }) {
    assertVariant({ recipe: this, variant });
    const source = variant === "documented" ? await readTemplate({ template: this.template }) : naive;
    return runProxyProcess({
      name: "haproxy",
      bin: this.bin,
      prepare: async ({ port, dir }) => {
        const at = { source: this.template };
        const bound = replaceAll({
          ...at,
          text: source,
          pattern: /^(\s*)bind\s+\S+/gm,
          replacement: `$1bind 127.0.0.1:${port}`,
        });
        const config = replaceAll({
          ...at,
          text: bound,
          pattern: /^(\s*server\s+\S+\s+)127\.0\.0\.1:3000/gm,
          replacement: `$1${upstream.host}`,
        });
        const file = path.join(dir, "haproxy.cfg");
        await writeFile(file, config);
        return { args: ["-db", "-f", file], config };
      },
    });
  },
};
