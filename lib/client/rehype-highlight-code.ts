import { common, createLowlight } from "lowlight";

/*
 * Syntax highlighting for fenced code with a language. One highlighter for the page: rehype-highlight
 * builds its own (registering ~40 grammars) each time a processor is made, and react-markdown makes a
 * processor on every render, which cost ~10 ms per chunk while an answer streamed.
 */
const lowlight = createLowlight(common);

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

function languageOf(node: HastNode): string | null {
  const classes = node.properties?.className;
  if (!Array.isArray(classes)) return null;
  for (const name of classes) {
    if (typeof name === "string" && name.startsWith("language-")) return name.slice("language-".length);
  }
  return null;
}

function highlight(node: HastNode, parent: HastNode | null) {
  if (node.tagName === "code" && parent?.tagName === "pre") {
    const language = languageOf(node);
    if (language && lowlight.registered(language)) {
      const tree = lowlight.highlight(language, textOf(node));
      node.children = tree.children as HastNode[];
      const classes = node.properties?.className;
      node.properties = {
        ...node.properties,
        className: [...(Array.isArray(classes) ? classes : []), "hljs"],
      };
    }
    return;
  }
  for (const child of node.children ?? []) highlight(child, node);
}

/** A rehype plugin: highlights `<pre><code class="language-x">` with the shared lowlight instance. */
export function rehypeHighlightCode() {
  return (tree: HastNode) => highlight(tree, null);
}
