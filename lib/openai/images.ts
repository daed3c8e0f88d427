import { LumiaError } from "@/lib/errors";

// `data:image/png;base64,…`, or `data:;base64,…` (Ollama's OpenAI layer takes bare base64 that way).
const DATA_URL = /^data:(?:image\/[a-z0-9.+-]+)?;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * An OpenAI image (`image_url.url`, `input_image.image_url`) as Ollama takes one: the base64 of a data
 * URL. Ollama fetches no URLs, so an http(s) address is a 400 that says what to send instead.
 */
export function imageFromUrl({ url, param }: { url: string; param: string }): string {
  if (/^https?:\/\//i.test(url)) {
    throw new LumiaError(
      "invalid_request",
      "Image URLs are not supported (Ollama fetches no images): send the image as a base64 data URL.",
      { param },
    );
  }
  const prefix = DATA_URL.exec(url);
  const data = prefix ? url.slice(prefix[0].length) : "";
  if (!prefix || data === "" || !BASE64.test(data)) {
    throw new LumiaError("invalid_request", "An image must be a base64 data URL (data:image/png;base64,…).", {
      param,
    });
  }
  return data;
}
