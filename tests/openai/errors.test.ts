import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LumiaError } from "@/lib/errors";
import { fieldPath, validate } from "@/lib/http/parse-body";
import { toOpenAiError } from "@/lib/openai/errors";

describe("Lumia's errors as OpenAI's error object", () => {
  it("keeps the message, names the type by status and Lumia's code as code", () => {
    expect(
      toOpenAiError({ error: new LumiaError("model_not_found", "Model 'x' is not installed.") }),
    ).toEqual({
      message: "Model 'x' is not installed.",
      type: "not_found_error",
      param: null,
      code: "model_not_found",
    });
    expect(toOpenAiError({ error: new LumiaError("ollama_unreachable", "down") }).type).toBe("server_error");
    expect(toOpenAiError({ error: new LumiaError("payload_too_large", "big") }).type).toBe(
      "invalid_request_error",
    );
  });

  it("a validation error names the field at fault as param", () => {
    const schema = z.object({
      messages: z.array(z.object({ content: z.string() })),
      temperature: z.number(),
    });
    let error: unknown;
    try {
      validate({ schema, value: { messages: [{ content: "ok" }, { content: 1 }], temperature: 1 } });
    } catch (caught) {
      error = caught;
    }
    expect(toOpenAiError({ error: error as LumiaError })).toMatchObject({
      type: "invalid_request_error",
      param: "messages[1].content",
      code: "invalid_request",
    });
    expect(fieldPath([])).toBeUndefined();
    expect(fieldPath(["tools", 0, "function", "name"])).toBe("tools[0].function.name");
  });
});
