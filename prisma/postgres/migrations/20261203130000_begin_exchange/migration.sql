-- The start of every thread answer in one round trip (lib/db/postgres-exchange.ts): lock the thread's row,
-- read its last position, store the question (complete) and the empty answer (streaming) at the next two,
-- and give an untitled thread the question as its title. Each statement of a VOLATILE function takes a
-- fresh snapshot, so the MAX(seq) read after the row lock sees what the previous holder committed.
-- Returns the question's position, or NULL when the thread does not exist.
CREATE OR REPLACE FUNCTION lumia_begin_exchange(
  p_thread_id TEXT,
  p_user_id TEXT,
  p_assistant_id TEXT,
  p_content TEXT,
  p_model TEXT,
  p_writer TEXT,
  p_title TEXT,
  p_default_title TEXT,
  p_now TIMESTAMP(3)
) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_title TEXT;
  v_seq INTEGER;
BEGIN
  UPDATE "Thread" SET "updatedAt" = p_now WHERE "id" = p_thread_id RETURNING "title" INTO v_title;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  SELECT COALESCE(MAX("seq"), 0) + 1 INTO v_seq FROM "Message" WHERE "threadId" = p_thread_id;
  INSERT INTO "Message" ("id", "threadId", "seq", "role", "content", "status", "createdAt", "updatedAt")
    VALUES (p_user_id, p_thread_id, v_seq, 'user', p_content, 'complete', p_now, p_now);
  INSERT INTO "Message" ("id", "threadId", "seq", "role", "content", "status", "model", "writer", "createdAt", "updatedAt")
    VALUES (p_assistant_id, p_thread_id, v_seq + 1, 'assistant', '', 'streaming', p_model, p_writer, p_now, p_now);
  IF v_title = p_default_title OR btrim(v_title) = '' THEN
    UPDATE "Thread" SET "title" = p_title WHERE "id" = p_thread_id;
  END IF;
  RETURN v_seq;
END;
$$;
