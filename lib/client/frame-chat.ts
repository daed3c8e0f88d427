import { Chat } from "@ai-sdk/react";
import type { ChatInit, UIMessage } from "ai";

/** Calls `fn` at most once per animation frame, in the frame after the first request. */
export function coalescePerFrame(fn: () => void): { schedule: () => void; cancel: () => void } {
  let frame = 0;
  return {
    schedule() {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        fn();
      });
    },
    cancel() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}

/**
 * useChat's Chat with its message notifications coalesced per animation frame. `experimental_throttle`
 * is a trailing setTimeout throttle that can hold a chunk back for its whole wait; a frame callback runs
 * just before the next paint, so every chunk is on screen within one frame and never more than one
 * render per frame happens.
 */
export class FrameChat<M extends UIMessage> extends Chat<M> {
  constructor(init: ChatInit<M>) {
    super(init);
    const register = this["~registerMessagesCallback"];
    this["~registerMessagesCallback"] = (onChange: () => void) => {
      const coalesced = coalescePerFrame(onChange);
      const unsubscribe = register(coalesced.schedule);
      return () => {
        coalesced.cancel();
        unsubscribe();
      };
    };
  }
}
