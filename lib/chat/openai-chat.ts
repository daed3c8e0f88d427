import { type AnswerPlan, collectAnswer, streamAnswer } from "@/lib/chat/answer";
import { ollamaChatSource } from "@/lib/ollama/chat-source";
import { resolveModel } from "@/lib/ollama/models";
import { chatCompletionObject } from "@/lib/openai/chat-completion";
import { type OpenAiChatInput, toOllamaChat } from "@/lib/openai/chat-request";
import { openAiChatFormat } from "@/lib/stream/openai-format";

/**
 * Chat completions for OpenAI clients: their conversation as given (system prompts, tool calls and
 * results, images) with their parameters mapped onto Ollama's, streamed through the same pipeline.
 * Without `stream: true` the answer is collected from the pipeline's result and sent as one object.
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
  // The mapping first: a bad message or parameter is a 400 even when the model is missing too.
  const { messages, generation } = toOllamaChat({ input });
  const model = await resolveModel({ requested: input.model });
  const plan: AnswerPlan = {
    endpoint,
    model,
    signal,
    source: ollamaChatSource({ model, messages, ...generation }),
  };
  if (input.stream) {
    return streamAnswer({
      plan,
      format: openAiChatFormat({ includeUsage: input.stream_options?.include_usage === true }),
    });
  }
  const created = Math.floor(Date.now() / 1000);
  const result = await collectAnswer({ plan });
  return Response.json(chatCompletionObject({ result, created }));
}
