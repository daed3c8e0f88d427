/** "llama3.2" and "llama3.2:latest" are one model, compared case-insensitively, as Ollama does. */
export function sameModel(a: string, b: string): boolean {
  const norm = (name: string) => (name.includes(":") ? name : `${name}:latest`).toLowerCase();
  return norm(a) === norm(b);
}
