import { type AnswerPlan, collectAnswer, streamAnswer } from "@/lib/chat/answer";
import { ollamaChatSource } from "@/lib/ollama/chat-source";
import { resolveModel } from "@/lib/ollama/models";
import { openAiIds } from "@/lib/openai/ids";
import { conversationOf, toOllamaMessages } from "@/lib/openai/response-items";
import { finishedStatus, outputItemsOf, responseObject } from "@/lib/openai/response-object";
import { type StoredItem, saveResponse } from "@/lib/openai/response-store";
import {
  type OpenAiResponsesInput,
  responseEcho,
  toResponsesGeneration,
} from "@/lib/openai/responses-request";
import type { StreamResult } from "@/lib/stream/observers";
import { openAiResponsesFormat } from "@/lib/stream/openai-responses-format";

/**
 * OpenAI's Responses API on Ollama's chat: the input items (or the stored conversation of
 * `previous_response_id`) as messages, `instructions` as the system prompt, function tools, text formats;
 * streamed as Responses events or answered as one response object. A finished response is kept (unless
 * `store: false`) so that later requests may refer to it.
 */
export async function startOpenAiResponse({
  input,
  endpoint,
  signal,
}: {
  input: OpenAiResponsesInput;
  endpoint: string;
  signal: AbortSignal;
}): Promise<Response> {
  const conversation = conversationOf({ input });
  const messages = toOllamaMessages({ conversation, instructions: input.instructions });
  const generation = toResponsesGeneration({ input });
  const model = await resolveModel({ requested: input.model });
  const echo = responseEcho({ input });
  const id = crypto.randomUUID();
  const remember = (result: StreamResult) => {
    if (!echo.store || result.outcome !== "done") return;
    saveResponse({
      id: openAiIds({ streamId: id }).response,
      conversation: conversation.items as StoredItem[],
      output: outputItemsOf({ result }) as unknown as StoredItem[],
    });
  };
  const plan: AnswerPlan = {
    endpoint,
    model,
    signal,
    id,
    source: ollamaChatSource({ model, messages, ...generation }),
    onFinish: remember,
  };
  if (input.stream) return streamAnswer({ plan, format: openAiResponsesFormat({ echo }) });
  const createdAt = Math.floor(Date.now() / 1000);
  const result = await collectAnswer({ plan });
  return Response.json(
    responseObject({
      id: openAiIds({ streamId: id }).response,
      createdAt,
      model,
      echo,
      status: finishedStatus({ stats: result.stats, calls: result.toolCalls ?? [] }),
      output: outputItemsOf({ result }),
      stats: result.stats,
    }),
  );
}
