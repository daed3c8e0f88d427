/** The dynamic segments of a route, as Next 16 hands them to a handler (a promise). */
export interface IdParams {
  params: Promise<{ id: string }>;
}

/** A thread's message, as `/threads/{id}/messages/{messageId}/...` routes get it. */
export interface MessageParams {
  params: Promise<{ id: string; messageId: string }>;
}

/** No body, for 204 responses. */
export function noContent(): Response {
  return new Response(null, { status: 204 });
}
