import { z } from "zod";

/** Faults the emulator can inject; `none` (or `null`) turns them off. */
export const faults = ["none", "error-mid", "stall", "drop", "error-before"] as const;

/** A fault name. */
export type Fault = (typeof faults)[number];

const modelObjectSchema = z.object({
  name: z.string().min(1),
  family: z.string().default("llama"),
  parameterSize: z.string().default("3.2B"),
  quantizationLevel: z.string().default("Q4_K_M"),
  size: z.number().int().nonnegative().default(2_019_393_189),
  capabilities: z.array(z.string()).default(["completion"]),
  contextLength: z.number().int().positive().default(4096),
  embeddingLength: z.number().int().positive().default(3072),
});

/** An installed model: a bare name gets llama3.2's details. */
const modelSpecSchema = z
  .union([z.string().min(1), modelObjectSchema])
  .transform((value) => (typeof value === "string" ? modelObjectSchema.parse({ name: value }) : value));

/** One installed model as `/api/tags`, `/api/show` and `/api/ps` describe it. */
export type ModelSpec = z.output<typeof modelSpecSchema>;

/** A function call the emulator answers with: `{"name":"get_weather","arguments":{"city":"Lund"}}`. */
const toolCallSpecSchema = z.strictObject({
  name: z.string().min(1),
  arguments: z.record(z.string(), z.unknown()).default({}),
});

/** A tool call to answer with. */
export type ToolCallSpec = z.output<typeof toolCallSpecSchema>;

// One shape, no defaults: a patch must not reset the keys it leaves out.
const configShape = {
  /** Gap between two token lines (and before the final line). */
  tokenIntervalMs: z.number().nonnegative(),
  /** Prompt evaluation before the first token; no header goes out before it. */
  firstTokenDelayMs: z.number().nonnegative(),
  /** Extra wait on the first use of a model not in memory, reported as load_duration. */
  loadMs: z.number().nonnegative(),
  /** null: the whole passage; a number cuts or repeats the passage to exactly that many tokens. */
  replyTokens: z.number().int().nonnegative().nullable(),
  /** Prefix each token with `⏱<epoch ms, 3 decimals> `, taken at write time. */
  stampTokens: z.boolean(),
  /** Write the whole streamed reply in one `res.write` (a negative control for buffering). */
  oneShot: z.boolean(),
  fault: z
    .enum(faults)
    .nullable()
    .transform((value) => value ?? "none"),
  /** Tokens sent before an error-mid, stall or drop fault. */
  faultAfterTokens: z.number().int().nonnegative(),
  /** Status of error-before (and of error-mid before any token). */
  faultStatus: z.number().int().min(400).max(599),
  faultMessage: z.string(),
  models: z.array(modelSpecSchema),
  /** More concurrent generations than this get Ollama's 503 "server busy". */
  maxQueue: z.number().int().positive().nullable(),
  /**
   * Answer with these function calls (after the reply's text, if any) instead of text, while the last
   * message is the user's; after a tool result the answer is text that uses it. Mostly set per request
   * by a directive: `[[emu {"toolCalls":[{"name":"get_weather","arguments":{"city":"Lund"}}]}]]`.
   */
  toolCalls: z.array(toolCallSpecSchema).nullable(),
  /** What `/api/pull` can fetch (besides the installed models), as if from the registry. */
  registry: z.array(modelSpecSchema),
  /** Gap between two progress lines of `/api/pull`. */
  pullIntervalMs: z.number().nonnegative(),
  /** Progress lines per layer of `/api/pull` (the download in that many steps). */
  pullSteps: z.number().int().positive(),
};

const configSchema = z.strictObject(configShape);

/** A partial config, as `configure()`, `POST /_emulator/config` and the CLI's `--config` take it. */
export const configPatchSchema = z.strictObject(configShape).partial();

/** Keys a `[[emu {...}]]` directive may override for one request. */
export const overridesSchema = configPatchSchema.omit({
  models: true,
  maxQueue: true,
  registry: true,
  pullIntervalMs: true,
  pullSteps: true,
});

/** The emulator's full configuration. */
export type EmulatorConfig = z.output<typeof configSchema>;

/** What callers pass to change the configuration (validated at runtime). */
export type EmulatorConfigPatch = z.input<typeof configPatchSchema>;

/** Per-request overrides from a directive. */
export type RequestOverrides = z.output<typeof overridesSchema>;

/** The settings one generation runs with: the config merged with the request's overrides. */
export type GenerationSettings = Omit<
  EmulatorConfig,
  "models" | "maxQueue" | "registry" | "pullIntervalMs" | "pullSteps"
>;

const installedByDefault = [
  {
    name: "llama3.2:latest",
    family: "llama",
    parameterSize: "3.2B",
    size: 2_019_393_189,
    capabilities: ["completion", "tools"],
  },
  {
    name: "qwen2.5:0.5b",
    family: "qwen2",
    parameterSize: "494.03M",
    size: 397_821_319,
    embeddingLength: 896,
    capabilities: ["completion", "tools"],
  },
  {
    name: "nomic-embed-text:latest",
    family: "nomic-bert",
    parameterSize: "137M",
    quantizationLevel: "F16",
    size: 274_302_450,
    capabilities: ["embedding"],
    contextLength: 2048,
    embeddingLength: 768,
  },
];

/**
 * The defaults: paced like a small local model, the three models of a fresh Lumia install (llama3.2
 * and qwen2.5 call tools, as the real ones do), and a few more to pull.
 */
export const defaultConfig: EmulatorConfig = configSchema.parse({
  tokenIntervalMs: 30,
  firstTokenDelayMs: 150,
  loadMs: 0,
  replyTokens: null,
  stampTokens: false,
  oneShot: false,
  fault: "none",
  faultAfterTokens: 5,
  faultStatus: 500,
  faultMessage: "an error was encountered while running the model: unexpected EOF",
  models: installedByDefault,
  maxQueue: null,
  toolCalls: null,
  registry: [
    ...installedByDefault,
    {
      name: "mistral:latest",
      parameterSize: "7.2B",
      size: 4_113_301_824,
      capabilities: ["completion", "tools"],
    },
    { name: "gemma3:1b", family: "gemma3", parameterSize: "999.89M", size: 815_319_791 },
    {
      name: "all-minilm:latest",
      family: "bert",
      parameterSize: "23M",
      quantizationLevel: "F16",
      size: 45_960_996,
      capabilities: ["embedding"],
      contextLength: 512,
      embeddingLength: 384,
    },
  ],
  pullIntervalMs: 20,
  pullSteps: 4,
});

/**
 * Merges a partial config into `base`. Throws a `ZodError` on unknown keys or bad values, so a typo
 * in a test's config fails loudly instead of being ignored.
 */
export function mergeConfig({ base, patch }: { base: EmulatorConfig; patch: unknown }): EmulatorConfig {
  return { ...base, ...configPatchSchema.parse(patch ?? {}) };
}
