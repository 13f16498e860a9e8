// web.test.cjs — the page at GET / in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): type a message, send, see the
// streamed reply and its collapsible thinking section; the Intent tab shows
// the classifier's label and per-label probabilities. Saves screenshots to
// $DSEEK_ARTIFACT_DIR/web_chat.png and web_intent.png.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { BASE, KEY, MODEL, waitHealthy } = require("./common.cjs");

test("web chat page streams a reply", async () => {
  await waitHealthy();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(BASE + "/");
    assert.strictEqual(await page.title(), "dseek");
    if (KEY) {
      await page.fill("#apikey", KEY);
      await page.dispatchEvent("#apikey", "change");
    }
    await page.waitForFunction((m) => [...document.querySelectorAll("#model option")].some((o) => o.value === m), MODEL);
    await page.fill("#max_tokens", "40");
    await page.fill("#input", "Hello from Chromium");
    await page.click("#send");
    // Streaming: text appears before the reply is complete, then it completes.
    await page.waitForSelector(".msg.assistant .content:not(:empty)", { timeout: 30000 });
    await page.waitForSelector(".msg.assistant[data-done='1']", { timeout: 60000 });
    const content = await page.textContent(".msg.assistant .content");
    const thinking = await page.textContent(".msg.assistant .think-text");
    assert.ok(content.startsWith("Hi! abc"), content);
    assert.strictEqual(thinking, "OK");
    assert.match(await page.textContent("#stats"), /tokens in/);
    assert.strictEqual(await page.textContent(".msg.user"), "Hello from Chromium");
    const dir = process.env.DSEEK_ARTIFACT_DIR || ".";
    await page.screenshot({ path: path.join(dir, "web_chat.png"), fullPage: true });

    await page.click("#tab-intent");
    await page.fill("#intent-input", "book me a flight");
    await page.click("#intent-send");
    await page.waitForSelector("#intent-out table.probs tr", { timeout: 30000 });
    const intent = await page.textContent("#intent-out");
    assert.match(intent, /Label:\s*(Product Details|Product Condition|Product Availability|Price Negotiation|Offensive Intent|Prompt Injection|Irrelevant Intent)/, intent);
    assert.strictEqual(await page.locator("#intent-out table.probs tr").count(), 7);
    assert.match(intent, /\d+\.\d%/, intent);
    await page.screenshot({ path: path.join(dir, "web_intent.png") });
    assert.deepStrictEqual(errors, []);
  } finally {
    await browser.close();
  }
});
