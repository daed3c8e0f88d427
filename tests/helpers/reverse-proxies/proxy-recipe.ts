import { readFile } from "node:fs/promises";
import path from "node:path";
import type { RunningProxy } from "../proxy-process";

/** The repository root, where deploy/ keeps the configs the tests run. */
export const ROOT = path.resolve(import.meta.dirname, "../../..");

/** How the tests run one reverse proxy from Debian's packages in front of an upstream. */
export type ProxyRecipe = {
  /** The binary, from the proxy's Debian package. */
  bin: string;
  /** The shipped config that the `documented` variant runs, relative to the repository root. */
  template: string;
  /** Each config the tests run, with a line saying what it is. `documented` is the template. */
  variants: Record<string, string>;
  /** Starts the proxy in `variant` on a free loopback port, proxying to `upstream` (`http://host:port`). */
  start(input: { variant: string; upstream: URL }): Promise<RunningProxy>;
};

/** Reads a config kept in deploy/. */
export function readTemplate({ template }: { template: string }): Promise<string> {
  return readFile(path.join(ROOT, template), "utf8");
}

/** Fails loudly on a variant the recipe does not know, instead of running some other config. */
export function assertVariant({
  recipe,
  variant,
}: {
  recipe: Pick<ProxyRecipe, "variants">;
  variant: string;
}): void {
  if (!(variant in recipe.variants)) {
    throw new Error(`unknown variant ${variant}; known: ${Object.keys(recipe.variants).join(", ")}`);
  }
}

/** Replaces every match of `pattern` (which must be global), failing when there is none. */
export function replaceAll({
  text,
  pattern,
  replacement,
  source,
}: {
  text: string;
  pattern: RegExp;
  replacement: string;
  source: string;
}): string {
  const replaced = text.replace(pattern, replacement);
  if (replaced === text && !text.match(pattern)) throw new Error(`${source} has no match for ${pattern}`);
  return replaced;
}
