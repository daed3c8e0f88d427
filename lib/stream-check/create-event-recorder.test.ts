import { describe, expect, it } from "vitest";
import { createEventRecorder } from "./create-event-recorder";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("createEventRecorder", () => {
  it("stamps an event with the read that completed it", () => {
    const recorder = createEventRecorder();
    recorder.feed({ bytes: bytes('data: {"chunk":"He'), at: 10, readIndex: 0 });
    expect(recorder.events).toEqual([]);
    recorder.feed({ bytes: bytes('llo"}\n\ndata: {"chunk":"!"}\n\n'), at: 60, readIndex: 1 });
    expect(recorder.events).toEqual([
      { event: "message", data: { chunk: "Hello" }, at: 60, readIndex: 1 },
      { event: "message", data: { chunk: "!" }, at: 60, readIndex: 1 },
    ]);
  });

  it("joins a multi-byte character split across two reads", () => {
    const recorder = createEventRecorder();
    const frame = bytes('data: {"chunk":"🙂 ö"}\n\n');
    const split = frame.indexOf(0xf0) + 2; // inside the four bytes of 🙂
    recorder.feed({ bytes: frame.slice(0, split), at: 10, readIndex: 0 });
    recorder.feed({ bytes: frame.slice(split), at: 20, readIndex: 1 });
    expect(recorder.events).toEqual([{ event: "message", data: { chunk: "🙂 ö" }, at: 20, readIndex: 1 }]);
  });

  it("names events, skips comments, keeps non-JSON data as text and reads CRLF lines", () => {
    const recorder = createEventRecorder();
    recorder.feed({
      bytes: bytes('event: start\r\ndata: {"start":true}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n'),
      at: 5,
      readIndex: 0,
    });
    expect(recorder.events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: "start", data: { start: true } },
      { event: "message", data: "[DONE]" },
    ]);
  });

  it("discards an unterminated last event when the body ends", () => {
    const recorder = createEventRecorder();
    recorder.feed({ bytes: bytes('data: {"chunk":"a"}\n\ndata: {"chunk":"b"}\n'), at: 5, readIndex: 0 });
    recorder.end();
    expect(recorder.events).toHaveLength(1);
  });
});
