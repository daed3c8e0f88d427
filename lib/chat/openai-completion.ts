import { type AnswerPlan, collectAnswer, streamAnswer } from "@/lib/chat/answer";
import { ollamaGenerateSource } from "@/lib/ollama/generate-source";
import { resolveModel } from "@/lib/ollama/models";
import { type OpenAiCompletionInput, toOllamaGenerate } from "@/lib/openai/completion-request";
import { openAiIds } from "@/lib/openai/ids";
import { finishReason, tokenUsage } from "@/lib/openai/usage";
import { openAiCompletionFormat } from "@/lib/stream/openai-completion-format";

/**
 * OpenAI's legacy completions on Ollama's `/api/generate`: the prompt completed (the model's template
 * still applies, as in Ollama's own OpenAI layer), streamed or as one `text_completion` object.
 */
export async function startOpenAiCompletion({
  input,
  endpoint,
  signal,
}: {
  input: OpenAiCompletionInput;
  endpoint: string;
  signal: AbortSignal;
}): Promise<Response> {
  const request = toOllamaGenerate({ input });
  const model = await resolveModel({ requested: input.model });
  const plan: AnswerPlan = { endpoint, model, signal, source: ollamaGenerateSource({ model, ...request }) };
  if (input.stream) {
    return streamAnswer({
      plan,
      format: openAiCompletionFormat({ includeUsage: input.stream_options?.include_usage === true }),
    });
  }
  const created = Math.floor(Date.now() / 1000);
  const result = await collectAnswer({ plan });
  const usage = tokenUsage({ stats: result.stats });
  return Response.json({
    id: openAiIds({ streamId: result.id }).completion,
    object: "text_completion",
    created,
    model: result.model,
    choices: [
      {
        text: result.text,
        index: 0,
        logprobs: null,
        finish_reason: finishReason({ stats: result.stats, toolCalls: undefined }),
      },
    ],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.total },
  });
}
