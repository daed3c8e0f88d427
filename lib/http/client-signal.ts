/**
 * The signal that aborts when a request's client goes away. The lean stream routes (server/
 * stream-routes.ts) attach one they abort from the socket's own close: a `new Request({signal})`
 * would link its signal to that one only weakly (undici), and lose the abort once the Request is
 * garbage-collected. Under Next, the request's own signal.
 */
const attached = new WeakMap<Request, AbortSignal>();

export function attachClientSignal({ request, signal }: { request: Request; signal: AbortSignal }): void {
  attached.set(request, signal);
}

export function clientSignal(request: Request): AbortSignal {
  return attached.get(request) ?? request.signal;
}
