"use client";

import { useEffect, useRef } from "react";

/**
 * Writes how many times the component rendered into `data-renders` on its element, so the e2e suite can
 * check that streaming into the last message leaves the others alone.
 */
export function useRenderCount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const count = useRef(0);
  useEffect(() => {
    count.current += 1;
    ref.current?.setAttribute("data-renders", String(count.current));
  });
  return ref;
}
