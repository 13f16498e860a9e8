// drain.test.cjs — SIGTERM drains: a running stream finishes, new requests get
// 503, then the server exits (the harness checks exit status 0). Runs last.
// The checks run while the stream is still being generated: the server
// reports draining on /health as soon as it has seen the signal (polled, no
// fixed sleep), and the stream is long (1,500 tokens) so that it outlasts the
// two checks by a wide margin on a slow or loaded machine as well as a fast one.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { BASE, client, waitHealthy } = require("./common.cjs");

// Polls /health until it answers 503 (the server has seen SIGTERM); fails after `ms`.
async function waitDraining(ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const h = await fetch(BASE + "/health");
    if (h.status === 503) return;
    assert.strictEqual(h.status, 200, "/health before draining");
    assert.ok(Date.now() < deadline, "/health never reported draining after SIGTERM");
    await new Promise((r) => setTimeout(r, 5));
  }
}

test("SIGTERM: in-flight stream completes, new requests get 503", async () => {
  await waitHealthy();
  const pid = Number(process.env.DSEEK_SERVER_PID);
  assert.ok(pid > 0, "DSEEK_SERVER_PID");
  const stream = await client().chat.completions.create({
    messages: [{ role: "user", content: "hi" }], max_tokens: 1500, stream: true });
  let content = "", finish = null, killed = false, refused = null, chunksAfterSignal = 0;
  for await (const ch of stream) {
    for (const c of ch.choices) {
      content += c.delta.content || "";
      if (c.finish_reason) finish = c.finish_reason;
    }
    if (killed) ++chunksAfterSignal;
    if (!killed && content.length > 5) {
      killed = true;
      process.kill(pid, "SIGTERM");
      await waitDraining(10000);
      refused = await client().chat.completions.create({ messages: [{ role: "user", content: "x" }] })
        .then(() => 200, (e) => e.status);
    }
  }
  assert.strictEqual(refused, 503);
  assert.strictEqual(finish, "length");
  assert.ok(content.length > 1000, String(content.length));
  console.log(`drain: ${content.length} characters, ${chunksAfterSignal} chunks read after SIGTERM`);
});
