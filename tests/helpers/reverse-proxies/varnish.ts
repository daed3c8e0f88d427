import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runProxyProcess } from "../proxy-process";
import { assertVariant, type ProxyRecipe, readTemplate, replaceAll } from "./proxy-recipe";

// A common Varnish setup in front of a slow origin: compress everything on the way out.
const naive = `vcl 4.1;

backend lumia {
    .host = "127.0.0.1";
    .port = "3000";
}

sub vcl_backend_response {
    set beresp.do_gzip = true;
}
`;

/** Varnish (`varnishd -F`, foreground; `-j none` keeps the test's user for its working directory). */
export const varnish: ProxyRecipe = {
  bin: process.env.VARNISHD_BIN ?? "/usr/sbin/varnishd",
  template: "deploy/varnish/lumia.vcl",
  variants: {
    documented: "deploy/varnish/lumia.vcl (streams piped, no do_gzip for event streams)",
    pass: "deploy/varnish/lumia.vcl with return (pass) instead of pipe",
    naive: "do_gzip on every response",
  },
  async start({ variant, upstream }) {
    assertVariant({ recipe: this, variant });
    const template = variant === "naive" ? naive : await readTemplate({ template: this.template });
    const source =
      variant === "pass"
        ? replaceAll({
            text: template,
            pattern: /return \(pipe\);/g,
            replacement: "return (pass);",
            source: this.template,
          })
        : template;
    return runProxyProcess({
      name: "varnish",
      bin: this.bin,
      prepare: async ({ port, dir }) => {
        const config = replaceAll({
          text: source,
          pattern: /\.host = "127\.0\.0\.1";(\s*)\.port = "3000";/g,
          replacement: `.host = "${upstream.hostname}";$1.port = "${upstream.port}";`,
          source: this.template,
        });
        const file = path.join(dir, "lumia.vcl");
        await writeFile(file, config);
        const args = ["-F", "-j", "none", "-n", path.join(dir, "work"), "-a", `127.0.0.1:${port}`];
        // No management port, a small cache and few threads: one test client at a time.
        args.push(
          "-T",
          "none",
          "-f",
          file,
          "-s",
          "malloc,32m",
          "-p",
          "thread_pools=1",
          "-p",
          "thread_pool_min=10",
        );
        return { args, config };
      },
    });
  },
};
