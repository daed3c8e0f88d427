import { connect, createServer, type Server, type Socket } from "node:net";

export interface CuttingProxy {
  url: string;
  /** How many connections it cut so far. */
  cuts(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of `target` that cuts the first `cutConnections` connections dead once it has
 * forwarded `cutAfterBytes` bytes of the response: a network failure mid-stream, as a client sees one
 * (the socket closes; no HTTP ending). Later connections pass through untouched.
 */
export async function startCuttingProxy({
  targetPort,
  cutAfterBytes,
  cutConnections = 1,
}: {
  targetPort: number;
  cutAfterBytes: number;
  cutConnections?: number;
}): Promise<CuttingProxy> {
  let cut = 0;
  let seen = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const cutThis = seen++ < cutConnections;
    const upstream = connect(targetPort, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream);
    let forwarded = 0;
    upstream.on("data", (data: Buffer) => {
      if (client.destroyed) return;
      if (cutThis && forwarded + data.length >= cutAfterBytes) {
        client.write(data.subarray(0, Math.max(0, cutAfterBytes - forwarded)));
        cut++;
        client.destroy();
        upstream.destroy();
        return;
      }
      forwarded += data.length;
      client.write(data);
    });
    upstream.on("end", () => client.end());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cuts: () => cut,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
