"use client";

import { type ComponentPropsWithoutRef, memo, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
// Served from Lumia itself (bundled with its fonts): the CSP allows no styles or fonts from elsewhere.
import "katex/dist/katex.min.css";
import { splitMarkdownBlocks } from "@/lib/client/markdown-blocks";
import { rehypeHighlightCode } from "@/lib/client/rehype-highlight-code";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CodeBlock } from "./code-block";

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** Raw HTML in markdown becomes literal text: `<script>` shows as typed and never reaches the DOM. */
function remarkHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

function Link({ href, children }: ComponentPropsWithoutRef<"a">) {
  // react-markdown's urlTransform empties unsafe URLs (javascript:, data:, ...): show those as text.
  if (!href) return <span className="md-inert-link">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

/**
 * An image from this origin renders; one from anywhere else does not load until the user asks: an
 * answer (perhaps steered by a prompt injection) could otherwise send data to any host just by being
 * shown. The page's CSP blocks remote images anyway; this says what is there and opens it on a click.
 */
function Image({ src, alt }: ComponentPropsWithoutRef<"img">) {
  const { t } = useI18n();
  const url = typeof src === "string" && src ? new URL(src, window.location.href) : null;
  if (url?.origin === window.location.origin) {
    // biome-ignore lint/performance/noImgElement: an image of unknown size inside an answer, not a page asset
    return <img src={url.href} alt={alt ?? ""} loading="lazy" />;
  }
  if (!url) return alt ? <span className="md-inert-link">{alt}</span> : null;
  return (
    <button
      type="button"
      className="md-remote-image"
      data-testid="remote-image"
      title={url.href}
      onClick={() => window.open(url.href, "_blank", "noopener,noreferrer")}
    >
      <span aria-hidden="true">🖼</span> {alt ? `${alt} · ` : ""}
      {t.remoteImage(url.host)}
    </button>
  );
}

const components: Components = {
  a: ({ node: _node, ...props }) => <Link {...props} />,
  img: ({ node: _node, ...props }) => <Image {...props} />,
  input: ({ node: _node, ...props }) => <TaskCheckbox {...props} />,
  pre: ({ node: _node, children }) => <CodeBlock>{children as ReactNode}</CodeBlock>,
  table: ({ node: _node, ...props }) => (
    <div className="md-table-wrap">
      <table {...props} />
    </div>
  ),
};

/** A task list's checkbox, read-only and named by its state (axe: a form field needs a label). */
function TaskCheckbox(props: ComponentPropsWithoutRef<"input">) {
  const { t } = useI18n();
  if (props.type !== "checkbox") return <input {...props} />;
  return (
    <input
      type="checkbox"
      checked={Boolean(props.checked)}
      disabled
      readOnly
      aria-label={props.checked ? t.taskDone : t.taskOpen}
    />
  );
}

const remarkPlugins = [
  remarkGfm,
  [remarkMath, { singleDollarTextMath: true }],
  remarkHtmlAsText,
] as NonNullable<ComponentPropsWithoutRef<typeof ReactMarkdown>["remarkPlugins"]>;
// KaTeX renders math to HTML and MathML (read by screen readers); a formula it cannot parse shows as its
// source in an error colour instead of throwing (a half-streamed formula is often unparseable).
const rehypePlugins = [
  [rehypeKatex, { throwOnError: false, output: "htmlAndMathml" }],
  rehypeHighlightCode,
] as NonNullable<ComponentPropsWithoutRef<typeof ReactMarkdown>["rehypePlugins"]>;

/** One top-level block; memoized on its source, so finished blocks don't re-parse while text streams. */
const Block = memo(function Block({ source }: { source: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
      {source}
    </ReactMarkdown>
  );
});

/** Markdown (GFM) without raw HTML, split in blocks so streaming re-renders only the last one. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  const blocks = splitMarkdownBlocks(text);
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // Blocks only ever grow at the end, so the index is a stable identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Block key={index} source={block} />
      ))}
    </div>
  );
});
