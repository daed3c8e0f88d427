import { expect, test } from "@playwright/test";
import { E2E_APPS } from "../playwright.config";
import { asPage, signedIn } from "../tests/helpers/accounts";
import { emu } from "./emulator";
import { ChatPage } from "./pages/chat-page";

const BASE = `http://127.0.0.1:${E2E_APPS.accounts.port}`;
const PASSWORD = "correct horse battery";

test.describe("with accounts on", () => {
  test.use({ baseURL: BASE });

  test("sign in through the UI; the header's user menu; everything scoped to the user; sign out", async ({
    page,
  }) => {
    const stamp = Date.now();
    // The first account is the admin; approval off, so that a second one is active at once.
    const admin = await signedIn({ url: BASE, email: `admin${stamp}@example.com` });
    const settings = await fetch(`${BASE}/api/admin/settings`, {
      method: "PATCH",
      headers: asPage({ url: BASE, cookie: admin.cookie }),
      body: JSON.stringify({ requireApproval: false }),
    });
    expect(settings.status).toBe(200);
    const email = `user${stamp}@example.com`;
    const other = await signedIn({ url: BASE, email: `other${stamp}@example.com` });
    await signedIn({ url: BASE, email });

    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.getByTestId("sign-in-submit").click();
    const chat = new ChatPage(page);
    await expect(page.locator(".app[data-hydrated]")).toBeVisible();

    await page.getByTestId("user-menu").click();
    await expect(page.getByTestId("user-email")).toHaveText(email);
    await expect(page.getByTestId("account-link")).toHaveAttribute("href", "/account");
    await page.keyboard.press("Escape");

    await chat.sendAndWait(`say exactly: only mine ${emu({ tokenIntervalMs: 2 })}`);
    const id = chat.threadIdFromUrl() as string;
    const mine = await (await page.request.get("/api/export")).json();
    expect(mine.threads.map((t: { id: string }) => t.id)).toContain(id);

    // Another user: not in their export, a 404 for its export, no model management for a non-admin.
    const headers = asPage({ url: BASE, cookie: other.cookie });
    const theirs = await (await fetch(`${BASE}/api/export`, { headers })).json();
    expect(theirs.threads.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await fetch(`${BASE}/api/threads/${id}/export?format=json`, { headers })).status).toBe(404);
    const pull = await fetch(`${BASE}/api/models/pulls`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "gemma3:1b" }),
    });
    expect(pull.status).toBe(403);
    expect((await pull.json()).code).toBe("forbidden");
    const unload = await fetch(`${BASE}/api/models/unload`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: "llama3.2" }),
    });
    expect(unload.status).toBe(403);
    // An import lands in the importer's own chats.
    const imported = await fetch(`${BASE}/api/import`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        format: "lumia-export",
        version: 1,
        threads: [{ title: `Imported by other ${stamp}`, messages: [{ role: "user", content: "hi" }] }],
      }),
    });
    expect(imported.status).toBe(201);
    const listed = await (await page.request.get(`/api/threads?q=Imported by other ${stamp}`)).json();
    expect(listed.threads).toHaveLength(0);
    // Without a session, nothing.
    expect((await fetch(`${BASE}/api/export`)).status).toBe(401);

    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
