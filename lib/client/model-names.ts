/** A model's name with its tag, as Ollama lists it (and the model picker shows it): "llama3.2:latest". */
export function taggedModel(name: string): string {
  return name.includes(":") ? name : `${name}:latest`;
}

/** "llama3.2" and "llama3.2:latest" are one model, compared case-insensitively, as Ollama does. */
export function sameModel(a: string, b: string): boolean {
  return taggedModel(a).toLowerCase() === taggedModel(b).toLowerCase();
}
