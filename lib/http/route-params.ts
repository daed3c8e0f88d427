/** The dynamic segments of a route, as Next 16 hands them to a handler (a promise). */
export interface IdParams {
  params: Promise<{ id: string }>;
}

/** No body, for 204 responses. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}
