// common.cjs — shared settings of the `dseek serve` end-to-end tests. The
// harness (tests/server/test_server_e2e.cpp) starts the server on loopback and
// passes its address and key in the environment.
"use strict";
const OpenAI = require("openai");

const BASE = process.env.DSEEK_URL || "http://127.0.0.1:8080";
const KEY = process.env.DSEEK_API_KEY || "";
const MODEL = process.env.DSEEK_MODEL || "server_test_model";

function client(opts = {}) {
  return new OpenAI({ baseURL: BASE + "/v1", apiKey: KEY || "none", maxRetries: 0, timeout: 60000, ...opts });
}

async function waitHealthy(ms = 120000) {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(BASE + "/health");
      if (r.status === 200) return;
    } catch (e) { /* not listening yet */ }
    if (Date.now() - t0 > ms) throw new Error("server did not become healthy at " + BASE);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function metrics() {
  const r = await fetch(BASE + "/metrics", { headers: { Authorization: "Bearer " + KEY } });
  if (r.status !== 200) throw new Error("/metrics: " + r.status);
  const text = await r.text();
  const get = (name) => {
    const m = text.match(new RegExp("^" + name + " (\\S+)$", "m"));
    return m ? Number(m[1]) : NaN;
  };
  return { text, get };
}

module.exports = { BASE, KEY, MODEL, client, waitHealthy, metrics };
