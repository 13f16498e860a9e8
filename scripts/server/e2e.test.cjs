// e2e.test.cjs — `dseek serve` through the official `openai` npm client (and
// raw fetch for the error paths), against the scripted test model whose reply
// to any chat is reasoning "OK" + content "Hi! abcdefghjk…" (see
// tests/server/server_test_util.h). Run by tests/server/test_server_e2e.cpp.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const OpenAI = require("openai");
const { BASE, KEY, MODEL, client, waitHealthy, metrics } = require("./common.cjs");

const msgs = [{ role: "user", content: "hello there" }];

test.before(async () => { await waitHealthy(); });

test("GET /health and /v1/models", async () => {
  const h = await fetch(BASE + "/health");
  assert.strictEqual(h.status, 200);
  assert.deepStrictEqual(await h.json(), { status: "ok" });
  const list = await client().models.list();
  assert.deepStrictEqual(list.data.map((m) => m.id), [MODEL]);
});

test("chat, non-streaming: reasoning split and usage", async () => {
  const r = await client().chat.completions.create({ model: MODEL, messages: msgs, max_tokens: 12, seed: 1 });
  assert.strictEqual(r.object, "chat.completion");
  const m = r.choices[0].message;
  assert.strictEqual(m.role, "assistant");
  assert.strictEqual(m.reasoning_content, "OK");
  assert.strictEqual(m.content, "Hi! abcde");
  assert.strictEqual(r.choices[0].finish_reason, "length");
  assert.strictEqual(r.usage.completion_tokens, 12);
  assert.ok(r.usage.prompt_tokens > 5);
  assert.strictEqual(r.usage.total_tokens, r.usage.prompt_tokens + 12);
});

test("chat, streaming: deltas, reasoning_content, finish_reason, usage chunk", async () => {
  const stream = await client().chat.completions.create({
    model: MODEL, messages: msgs, max_tokens: 20, stream: true, stream_options: { include_usage: true },
  });
  let reasoning = "", content = "", finish = null, usage = null, chunks = 0, role = null;
  for await (const ch of stream) {
    chunks++;
    assert.strictEqual(ch.object, "chat.completion.chunk");
    if (ch.usage) { usage = ch.usage; assert.strictEqual(ch.choices.length, 0); continue; }
    const d = ch.choices[0].delta;
    if (d.role) role = d.role;
    reasoning += d.reasoning_content || "";
    content += d.content || "";
    if (ch.choices[0].finish_reason) finish = ch.choices[0].finish_reason;
  }
  assert.strictEqual(role, "assistant");
  assert.strictEqual(reasoning, "OK");
  assert.strictEqual(content, "Hi! abcdefghjklmn");
  assert.strictEqual(finish, "length");
  assert.strictEqual(usage.completion_tokens, 20);
  assert.ok(chunks >= 20, `${chunks} chunks`);
});

test("raw SSE framing ends with data: [DONE]", async () => {
  const r = await fetch(BASE + "/v1/chat/completions", {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + KEY },
    body: JSON.stringify({ messages: msgs, max_tokens: 3, stream: true }),
  });
  assert.strictEqual(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/event-stream/);
  const text = await r.text();
  assert.ok(text.endsWith("data: [DONE]\n\n"), JSON.stringify(text.slice(-40)));
  for (const block of text.split("\n\n").filter((b) => b)) assert.match(block, /^data: /);
});

test("completions, stop strings, n with seed, logprobs", async () => {
  const c = client();
  const r = await c.completions.create({ model: MODEL, prompt: "Say\n", max_tokens: 8 });
  assert.strictEqual(r.object, "text_completion");
  assert.strictEqual(r.choices[0].text, "OK</think>Hi! a");
  const s = await c.chat.completions.create({ messages: msgs, max_tokens: 50, stop: ["def", "zzz"], n: 2, seed: 9 });
  assert.strictEqual(s.choices.length, 2);
  for (const ch of s.choices) {
    assert.strictEqual(ch.message.content, "Hi! abc");
    assert.strictEqual(ch.finish_reason, "stop");
  }
  const lp = await c.chat.completions.create({ messages: msgs, max_tokens: 4, logprobs: true, top_logprobs: 2 });
  const entries = lp.choices[0].logprobs.content;
  assert.strictEqual(entries.length, 4);
  assert.strictEqual(entries[0].token, "O");
  assert.ok(entries[0].logprob <= 0 && entries[0].logprob > -0.01);
  assert.strictEqual(entries[0].top_logprobs.length, 2);
  // "~" is scripted to end the text with EOS: finish_reason stop, no text.
  const eos = await c.completions.create({ prompt: "x~", max_tokens: 5 });
  assert.strictEqual(eos.choices[0].text, "");
  assert.strictEqual(eos.choices[0].finish_reason, "stop");
});

test("prefix cache: a repeated long prompt reuses cached rows", async () => {
  const long = [{ role: "system", content: "You are a helpful assistant. ".repeat(8) }, ...msgs];
  const c = client();
  await c.chat.completions.create({ messages: long, max_tokens: 2 });
  const r = await c.chat.completions.create({ messages: long, max_tokens: 2 });
  assert.ok(r.usage.prompt_tokens_details.cached_tokens >= 64, JSON.stringify(r.usage));
});

async function status(path, init) {
  const r = await fetch(BASE + path, init);
  const body = await r.text();
  return { status: r.status, body: body ? JSON.parse(body) : null };
}
const post = (body, headers = {}) => ({
  method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + KEY, ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

test("errors: 400 with OpenAI error bodies", async () => {
  const cases = [
    { messages: msgs, temperature: -1 },
    { messages: msgs, max_tokens: -5 },
    { messages: msgs, max_tokens: 1e9 },
    { messages: msgs, n: 100 },
    { messages: msgs, model: "gpt-4" },
    { messages: "hi" },
    { messages: msgs, top_p: "x" },
    { messages: [{ role: "user", content: "x".repeat(10) }], max_tokens: 4090 },
  ];
  for (const c of cases) {
    const r = await status("/v1/chat/completions", post(c));
    assert.strictEqual(r.status, 400, JSON.stringify(c));
    assert.strictEqual(typeof r.body.error.message, "string");
    assert.strictEqual(r.body.error.type, "invalid_request_error");
  }
  const bad = await status("/v1/chat/completions", post("{not json"));
  assert.strictEqual(bad.status, 400);
  // Invalid UTF-8 inside a JSON string.
  const raw = Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"a'), Buffer.from([0xff, 0xfe]),
                             Buffer.from('"}]}')]);
  const u = await status("/v1/chat/completions", { method: "POST", headers: post({}).headers, body: raw });
  assert.strictEqual(u.status, 400);
  // Through the client: a typed error with the status.
  await assert.rejects(client().chat.completions.create({ messages: msgs, temperature: 5 }),
                       (e) => e instanceof OpenAI.BadRequestError && e.status === 400);
  const nf = await status("/v1/nothing", { headers: { Authorization: "Bearer " + KEY } });
  assert.strictEqual(nf.status, 404);
  assert.ok(nf.body.error.message);
});

test("errors: 401 without or with a wrong key (not on /health)", async () => {
  if (!KEY) return;
  await assert.rejects(client({ apiKey: "wrong" }).models.list(), (e) => e.status === 401);
  const r = await status("/v1/chat/completions", post({ messages: msgs }, { Authorization: "" }));
  assert.strictEqual(r.status, 401);
  assert.strictEqual(r.body.error.type, "authentication_error");
  assert.strictEqual((await fetch(BASE + "/metrics")).status, 401);
  assert.strictEqual((await fetch(BASE + "/health")).status, 200);
});

test("errors: 413 when the body is over --max-body", async () => {
  const big = JSON.stringify({ messages: [{ role: "user", content: "x".repeat(200 * 1024) }] });
  const r = await status("/v1/chat/completions", post(big));
  assert.strictEqual(r.status, 413);
  assert.match(r.body.error.message, /too large/);
});

test("errors: 429 when the queue is full", async () => {
  const c = client();
  const reqs = [];
  for (let i = 0; i < 16; i++)
    reqs.push(c.chat.completions.create({ messages: msgs, max_tokens: 400 }).then(() => 200, (e) => e.status));
  const codes = await Promise.all(reqs);
  assert.ok(codes.includes(429), JSON.stringify(codes));
  assert.ok(codes.includes(200), JSON.stringify(codes));
  assert.ok(codes.every((s) => s === 200 || s === 429), JSON.stringify(codes));
});

test("POST /v1/intent: label, intents, probabilities; 400/401 on bad requests", async () => {
  const labels = ["Product Details", "Product Condition", "Product Availability", "Price Negotiation",
                  "Offensive Intent", "Prompt Injection", "Irrelevant Intent"];
  const r = await status("/v1/intent", post({ text: "is it still available? would you take $40" }));
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
  assert.ok(labels.includes(r.body.intent), r.body.intent);
  assert.ok(Array.isArray(r.body.intents));
  const p = Object.values(r.body.probabilities);
  assert.strictEqual(p.length, 7);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  assert.ok(r.body.latency_ms >= 0);
  for (const bad of [{ text: "" }, { txt: "x" }, { text: 5 }, "{not json"]) {
    const e = await status("/v1/intent", post(bad));
    assert.strictEqual(e.status, 400, JSON.stringify(bad));
    assert.ok(e.body.error.message);
  }
  const inv = await status("/v1/intent", post({ text: "caf\udc80" }));  // lone surrogate: invalid UTF-8 once sent
  assert.ok(inv.status === 200 || inv.status === 400);
  const na = await fetch(BASE + "/v1/intent", { method: "POST", body: JSON.stringify({ text: "hi" }) });
  assert.strictEqual(na.status, 401);
});

test("disconnects free their sequences; /metrics reports", async () => {
  for (let i = 0; i < 10; i++) {
    const ac = new AbortController();
    const r = await fetch(BASE + "/v1/chat/completions", {
      ...post({ messages: msgs, max_tokens: 2000, stream: true }), signal: ac.signal });
    const reader = r.body.getReader();
    await reader.read();
    ac.abort();
  }
  let m;
  for (let t = 0; t < 100; t++) {
    m = await metrics();
    if (m.get("dseek_running_sequences") === 0 && m.get("dseek_kv_cache_bytes") === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.strictEqual(m.get("dseek_running_sequences"), 0);
  assert.strictEqual(m.get("dseek_kv_cache_bytes"), 0);
  assert.strictEqual(m.get("dseek_queue_depth"), 0);
  assert.match(m.text, /dseek_requests_total\{endpoint="\/v1\/chat\/completions",status="200"\} \d+/);
  assert.match(m.text, /dseek_requests_total\{endpoint="\/v1\/chat\/completions",status="400"\} \d+/);
  assert.match(m.text, /dseek_time_to_first_token_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(m.text, /dseek_inter_token_latency_seconds_count \d+/);
  assert.match(m.text, /dseek_e2e_request_latency_seconds_sum /);
  assert.ok(m.get("dseek_generation_tokens_total") > 50);
  assert.ok(m.get("dseek_prompt_tokens_total") > 10);
});
