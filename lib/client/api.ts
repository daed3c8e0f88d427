import type { Thread, ThreadSettings } from "@/lib/db/types";
import type { HealthResponse, Memory, ModelsResponse, PullJob, ThreadSummary } from "./types";

/** A failed API call, with the server's human message and code when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor({ message, status, code }: { message: string; status: number; code: string }) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** Reads `{ error, code }` out of an error body (JSON or not). */
export function parseErrorBody({ text, status }: { text: string; status: number }): ApiError {
  try {
    const body = JSON.parse(text) as { error?: unknown; code?: unknown };
    if (typeof body.error === "string") {
      return new ApiError({
        message: body.error,
        status,
        code: typeof body.code === "string" ? body.code : "",
      });
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return new ApiError({ message: text || `HTTP ${status}`, status, code: "" });
}

async function request<T>({
  url,
  method = "GET",
  body,
}: {
  url: string;
  method?: string;
  body?: unknown;
}): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: "no-store",
  });
  if (!response.ok) throw parseErrorBody({ text: await response.text(), status: response.status });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  health: () => request<HealthResponse>({ url: "/api/health" }),
  models: () => request<ModelsResponse>({ url: "/api/models" }),
  listThreads: ({ q, limit = 50, cursor }: { q?: string; limit?: number; cursor?: string | null }) =>
    request<{ threads: ThreadSummary[]; nextCursor: string | null }>({
      url: `/api/threads?${new URLSearchParams({
        ...(q ? { q } : {}),
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      })}`,
    }),
  createThread: ({ title, ...settings }: { title?: string } & Partial<ThreadSettings>) =>
    request<ThreadSummary>({
      url: "/api/threads",
      method: "POST",
      body: { ...(title ? { title } : {}), ...settings },
    }),
  updateThread: ({ id, ...changes }: { id: string; title?: string } & Partial<ThreadSettings>) =>
    request<ThreadSummary & ThreadSettings>({
      url: `/api/threads/${encodeURIComponent(id)}`,
      method: "PATCH",
      body: changes,
    }),
  getThread: ({ id }: { id: string }) => request<Thread>({ url: `/api/threads/${encodeURIComponent(id)}` }),
  renameThread: ({ id, title }: { id: string; title: string }) =>
    request<ThreadSummary>({
      url: `/api/threads/${encodeURIComponent(id)}`,
      method: "PATCH",
      body: { title },
    }),
  deleteThread: ({ id }: { id: string }) =>
    request<void>({ url: `/api/threads/${encodeURIComponent(id)}`, method: "DELETE" }),
  stopAnswer: ({ threadId, messageId }: { threadId: string; messageId: string }) =>
    request<{ stopped: boolean; status: string }>({
      url: `/api/threads/${encodeURIComponent(threadId)}/messages/${encodeURIComponent(messageId)}/stop`,
      method: "POST",
    }),
  pulls: () => request<{ pulls: PullJob[] }>({ url: "/api/models/pulls" }),
  startPull: ({ model }: { model: string }) =>
    request<PullJob>({ url: "/api/models/pulls", method: "POST", body: { model } }),
  deleteModel: ({ model }: { model: string }) =>
    request<void>({ url: "/api/models/delete", method: "POST", body: { model } }),
  unloadModel: ({ model }: { model: string }) =>
    request<void>({ url: "/api/models/unload", method: "POST", body: { model } }),
  /** Sends an export file's text as it is (the server validates it; at most 25 MB). */
  importData: async ({ text }: { text: string }) => {
    const response = await fetch("/api/import", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    });
    if (!response.ok) throw parseErrorBody({ text: await response.text(), status: response.status });
    return (await response.json()) as { threads: string[]; memories: number };
  },
  listMemories: () => request<{ memories: Memory[] }>({ url: "/api/memory" }),
  addMemory: ({ content }: { content: string }) =>
    request<Memory>({ url: "/api/memory", method: "POST", body: { content } }),
  editMemory: ({ id, content }: { id: string; content: string }) =>
    request<Memory>({ url: `/api/memory/${encodeURIComponent(id)}`, method: "PATCH", body: { content } }),
  deleteMemory: ({ id }: { id: string }) =>
    request<void>({ url: `/api/memory/${encodeURIComponent(id)}`, method: "DELETE" }),
};
