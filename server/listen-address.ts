import { networkInterfaces } from "node:os";

/** Whether `hostname` (HOST) listens on loopback only. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return name === "localhost" || name === "::1" || name.startsWith("127.");
}

/**
 * The addresses people can open Lumia at: the host it listens on, or for a bind-all address (0.0.0.0,
 * ::) loopback and every address of this machine's network interfaces.
 */
export function reachableUrls({ hostname, port }: { hostname: string; port: number }): string[] {
  const bindAll = hostname === "0.0.0.0" || hostname === "::" || hostname === "[::]";
  if (!bindAll) return [`http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((info) => info && !info.internal && (info.family === "IPv4" || hostname !== "0.0.0.0"))
    .map((info) => (info?.family === "IPv6" ? `[${info.address}]` : info?.address));
  return [`http://127.0.0.1:${port}`, ...addresses.map((address) => `http://${address}:${port}`)];
}

/** Why Lumia will not start: listening beyond this machine with nobody required to sign in. */
export function openBindRefusal({ hostname }: { hostname: string }): string {
  return [
    `Lumia will not listen on ${hostname} without authentication: anyone who can reach this machine could`,
    "read, change and delete every chat and memory, and use your models.",
    "  • Turn accounts on: LUMIA_AUTH=on (the first account you create becomes the admin; see README, Accounts).",
    "  • Or keep HOST=127.0.0.1 (the default) and put a proxy that authenticates in front of Lumia.",
  ].join("\n");
}
