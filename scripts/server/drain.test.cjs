// drain.test.cjs — SIGTERM drains: a running stream finishes, new requests get
// 503, then the server exits (the harness checks exit status 0). Runs last.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { BASE, client, waitHealthy } = require("./common.cjs");

test("SIGTERM: in-flight stream completes, new requests get 503", async () => {
  await waitHealthy();
  const pid = Number(process.env.DSEEK_SERVER_PID);
  assert.ok(pid > 0, "DSEEK_SERVER_PID");
  const stream = await client().chat.completions.create({
    messages: [{ role: "user", content: "hi" }], max_tokens: 300, stream: true });
  let content = "", finish = null, killed = false, refused = null;
  for await (const ch of stream) {
    for (const c of ch.choices) {
      content += c.delta.content || "";
      if (c.finish_reason) finish = c.finish_reason;
    }
    if (!killed && content.length > 5) {
      killed = true;
      process.kill(pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 150));
      const h = await fetch(BASE + "/health");
      assert.strictEqual(h.status, 503);
      refused = await client().chat.completions.create({ messages: [{ role: "user", content: "x" }] })
        .then(() => 200, (e) => e.status);
    }
  }
  assert.strictEqual(refused, 503);
  assert.strictEqual(finish, "length");
  assert.ok(content.length > 250, String(content.length));
});
