import { z } from "zod";
import { runChat } from "@/lib/chat/run-chat";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/schemas";
import { LumiaError } from "@/lib/errors";
import { resolveModel } from "@/lib/ollama/models";
import { openAiFormat } from "@/lib/stream/openai-format";

const contentPart = z.object({ type: z.literal("text"), text: z.string() });

/** The subset of OpenAI's chat completion request that maps onto Ollama. */
export const openAiChatSchema = z.object({
  model: z.string().trim().min(1).max(200).optional(),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant", "developer"]),
        content: z.union([z.string().max(MAX_MESSAGE_CHARS), z.array(contentPart)]),
      }),
    )
    .min(1)
    .max(500),
  stream: z.boolean().optional(),
});
export type OpenAiChatInput = z.infer<typeof openAiChatSchema>;

const textOf = (content: OpenAiChatInput["messages"][number]["content"]) =>
  typeof content === "string" ? content : content.map((p) => p.text).join("");

/**
 * Chat completions for OpenAI clients: their messages as given (system included), streamed through the
 * same pipeline. Without `stream: true` the same stream is read to its end and answered as one object.
 */
export async function startOpenAiChat({
  input,
  endpoint,
  signal,
}: {
  input: OpenAiChatInput;
  endpoint: string;
  signal: AbortSignal;
}): Promise<Response> {
  const model = await resolveModel({ requested: input.model });
  const messages = input.messages.map((m) => ({
    role: m.role === "developer" ? ("system" as const) : m.role,
    content: textOf(m.content),
  }));
  const last = messages.at(-1);
  if (last?.role !== "user")
    throw new LumiaError("invalid_request", "Invalid request: the last message must be the user's.");
  const systems = messages.filter((m) => m.role === "system");
  const response = runChat({
    endpoint,
    signal,
    format: openAiFormat,
    model,
    message: last.content,
    system: systems.map((m) => m.content).join("\n\n"),
    history: messages.slice(0, -1).filter((m) => m.role !== "system"),
    useMemory: false,
    extractMemories: false,
  });
  return input.stream ? response : collectCompletion(response);
}

/** Reads an OpenAI chunk stream to its end and answers as one `chat.completion` object. */
async function collectCompletion(response: Response): Promise<Response> {
  const text = await response.text();
  let content = "";
  let last: {
    id?: string;
    created?: number;
    model?: string;
    usage?: object;
    choices?: { finish_reason?: string }[];
  } = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("data: {")) continue;
    const chunk = JSON.parse(line.slice(6));
    if (chunk.error)
      return Response.json({ error: chunk.error.message, code: chunk.error.code }, { status: 502 });
    content += chunk.choices?.[0]?.delta?.content ?? "";
    last = chunk;
  }
  return Response.json({
    id: last.id,
    object: "chat.completion",
    created: last.created,
    model: last.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content },
        finish_reason: last.choices?.[0]?.finish_reason ?? "stop",
      },
    ],
    usage: last.usage,
  });
}
