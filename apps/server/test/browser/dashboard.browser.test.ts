/// <reference lib="dom" />
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Harness, startHarness } from "../support/executor-harness";
import { buildDashboard } from "./build-dashboard";
import { launchChromium } from "./chromium";

/** The README links these: one picture per view, rewritten by every run. */
const SCREENSHOTS = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
/** The harness organization's key: the server checks it like any other. */
let API_KEY = "";
const UI_TIMEOUT = 20_000;

let h: Harness;
let dashboard: string;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let baseUrl: string;
const authorizations = new Set<string>();

beforeAll(async () => {
  dashboard = await buildDashboard();
  // The gateway timeout leaves room for the slowed-down sends below, and bounds the hung one.
  h = await startHarness({ database: "pglite", dashboardRoot: dashboard, timeoutMs: 5_000 });
  API_KEY = h.organization.apiKey;
  h.executor.worker.start();
  baseUrl = await h.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(UI_TIMEOUT);
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/v1/")) {
      authorizations.add(request.headers().authorization ?? "none");
    }
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
  if (dashboard) rmSync(dashboard, { recursive: true, force: true });
});

async function simControl(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${h.sim.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
}

async function intentByRecipient(phone: string) {
  const list = (await h.request({ method: "GET", url: "/v1/intents?limit=100" })).json();
  return list.items.find((intent: { target: { value: string } }) => intent.target.value === phone);
}

/** An intent to `phone`, approved on the first instance; returns its id. */
async function createApprovedIntent(phone: string, text: string): Promise<string> {
  const instance = (await h.request({ method: "GET", url: "/v1/instances" })).json().items[0];
  const created = await h.request({
    method: "POST",
    url: "/v1/intents",
    payload: { target: { kind: "PHONE", value: phone }, type: "TEXT", payload: { text } },
  });
  await h.request({
    method: "POST",
    url: `/v1/intents/${created.json().id}/approve`,
    payload: { instanceId: instance.id },
  });
  return created.json().id;
}

/** The intent's job once it reaches `status`. */
function jobOf(intentId: string, status: string) {
  return eventually(async () => {
    const job = (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json().job;
    return job?.status === status ? job : undefined;
  });
}

async function timelineEntry(intentId: string, type: string) {
  const details = (await h.request({ method: "GET", url: `/v1/intents/${intentId}` })).json();
  return details.timeline.find((entry: { type: string }) => entry.type === type);
}

function row(table: "intents" | "jobs", text: string) {
  return page.locator(`table[aria-label="${table}"] tbody tr`, { hasText: text });
}

async function clickNav(label: string): Promise<void> {
  await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: label }).click();
}

describe("operator dashboard in Chromium", () => {
  it("signs in with an API key and opens the overview", async () => {
    await page.goto(baseUrl);
    await page.getByLabel("API key").fill(API_KEY);
    await page.getByLabel("Your name").fill("alice");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Intents by status" }).waitFor();
    await page.getByText("No messages yet").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("whatlead.apiKey"))).toBe(API_KEY);
    expect([...authorizations]).toEqual([`Bearer ${API_KEY}`]);
  }, 60_000);

  it("sends a test message through the form and shows it reach SENT in the table without a reload", async () => {
    await clickNav("Send test");
    await page.getByRole("button", { name: "Add instance" }).click();
    await page
      .locator('select[name="instanceId"] option', { hasText: "demo" })
      .waitFor({ state: "attached" });
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    // Each send takes a moment, so the table has to change under the operator's eyes.
    await simControl("/_sim/faults", { latencyMs: 2_500 });
    await page.getByLabel("Phone number").fill("5511988887777");
    await page.getByLabel("Text").fill("Olá from the dashboard test");
    await page.getByRole("button", { name: "Send test message" }).click();
    await page.getByText("created and approved").waitFor();

    await page.getByRole("link", { name: "See it in the intents table" }).click();
    await row("intents", "5511988887777").locator(".badge", { hasText: "APPROVED" }).waitFor();
    await row("intents", "5511988887777").locator(".badge", { hasText: "SENT" }).waitFor();
    await simControl("/_sim/faults", { latencyMs: 0 });
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    expect(h.sim.sends.map((send) => send.type)).toEqual(["text"]);
  }, 60_000);

  it("opens the message's whole timeline", async () => {
    await row("intents", "5511988887777").getByRole("link").click();
    const timeline = page.getByRole("list", { name: "timeline" });
    await timeline.locator('li[data-type="MessageSent"]').waitFor();
    const intent = await intentByRecipient("5511988887777");
    const details = (await h.request({ method: "GET", url: `/v1/intents/${intent.id}` })).json();
    expect(await timeline.locator("li").evaluateAll((items) => items.map((li) => li.dataset.type))).toEqual([
      "MessageIntentCreated",
      "MessageIntentApproved",
      "ExecutionJobCreated",
      "MessageSent",
    ]);
    await timeline.getByText(`provider message id ${details.job.providerMessageId}`).waitFor();
    await timeline.getByText("on instance demo").first().waitFor();
    await page.locator(".payload-text", { hasText: "Olá from the dashboard test" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}message-detail.png`, fullPage: true });
  }, 60_000);

  it("retries from the UI a job the simulator made fail", async () => {
    await simControl("/_sim/faults", { error500Rate: 1 });
    const intent = await createApprovedIntent("5511977776666", "fail me");
    const failed = await eventually(async () => {
      const job = (await h.request({ method: "GET", url: `/v1/intents/${intent}` })).json().job;
      return job?.status === "FAILED" ? job : undefined;
    });
    await simControl("/_sim/faults", { error500Rate: 0 });

    await clickNav("Jobs");
    await page.getByLabel("Status").selectOption("FAILED");
    await page.getByRole("button", { name: "Apply" }).click();
    const failedRow = row("jobs", failed.id.slice(0, 8));
    await failedRow.locator("code", { hasText: "PROVIDER_SEND_FAILED" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}jobs.png`, fullPage: true });
    await failedRow.getByRole("button", { name: "Retry" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("gateway fixed");
    await dialog.getByRole("button", { name: "Retry" }).click();
    await page.getByText("No jobs match these filters.").waitFor();

    const retried = await eventually(async () => {
      const details = (await h.request({ method: "GET", url: `/v1/intents/${intent}` })).json();
      return details.status === "SENT" ? details : undefined;
    });
    const requeued = retried.timeline.find(
      (entry: { type: string }) => entry.type === "ExecutionJobRequeued",
    );
    expect(requeued).toMatchObject({ actor: "alice", data: { reason: "gateway fixed" } });
  }, 60_000);

  it("confirms one unconfirmed send and resends another through the real routes, and copes with a missing one", async () => {
    await simControl("/_sim/faults", { hangRate: 1 });
    const seen = await createApprovedIntent("5511966665555", "maybe sent");
    const lost = await createApprovedIntent("5511955554444", "maybe lost");
    for (const intent of [seen, lost]) await jobOf(intent, "UNCONFIRMED");
    await simControl("/_sim/faults", { hangRate: 0 });

    await clickNav("Overview");
    await page.getByText("2 unconfirmed").waitFor();
    await page.getByRole("link", { name: "Review and confirm or resend" }).click();
    await page.waitForURL(/\/jobs\?status=UNCONFIRMED/);
    const seenRow = row("jobs", "5511966665555");
    await seenRow.getByRole("button", { name: "Confirm sent" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("seen on the phone");
    await dialog.getByLabel("Provider message id (optional)").fill("wamid.seen-1");
    await dialog.getByRole("button", { name: "Confirm sent" }).click();
    await seenRow.waitFor({ state: "detached" });
    const confirmed = await jobOf(seen, "SENT");
    expect(confirmed.providerMessageId).toBe("wamid.seen-1");
    expect(await timelineEntry(seen, "ExecutionJobConfirmed")).toMatchObject({
      actor: "alice",
      data: { reason: "seen on the phone" },
    });

    // However this server is built, the dashboard must cope with one that has no such route.
    const lostRow = row("jobs", "5511955554444");
    await page.route("**/v1/jobs/*/resend", (route) =>
      route.fulfill({ status: 404, json: { error: { code: "NOT_FOUND", message: "no route POST" } } }),
    );
    await lostRow.getByRole("button", { name: "Resend" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("not on the phone");
    await dialog.getByRole("button", { name: "Resend" }).click();
    await dialog.getByText("Not available on this server").waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await lostRow.getByRole("button", { name: "Resend" }).waitFor({ state: "detached" });
    await lostRow.getByRole("button", { name: "Confirm sent" }).waitFor();
    await page.unroute("**/v1/jobs/*/resend");

    // A reload asks the real server again, which has the route.
    const sendsTo = () => h.sim.sends.filter((send) => send.to.startsWith("5511955554444")).length;
    const sentBefore = sendsTo();
    await page.reload();
    await lostRow.getByRole("button", { name: "Resend" }).click();
    await dialog.getByLabel("Reason").fill("not on the phone");
    await dialog.getByRole("button", { name: "Resend" }).click();
    await lostRow.waitFor({ state: "detached" });
    await jobOf(lost, "SENT");
    expect(await timelineEntry(lost, "ExecutionJobResent")).toMatchObject({
      actor: "alice",
      data: { reason: "not on the phone" },
    });
    expect(sendsTo()).toBe(sentBefore + 1);
  }, 90_000);

  it("pauses an instance, cancels a job waiting behind the pause, and resumes, all from the UI", async () => {
    await clickNav("Overview");
    const lane = page.getByRole("listitem", { name: "instance demo" });
    await lane.getByRole("button", { name: "Pause" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("number under review");
    await dialog.getByRole("button", { name: "Pause" }).click();
    await lane.locator(".badge", { hasText: "PAUSED" }).waitFor();
    expect((await h.request({ method: "GET", url: "/v1/instances" })).json().items[0].paused).toBe(true);

    const held = await createApprovedIntent("5511944443333", "held by the pause");
    await clickNav("Jobs");
    await page.getByLabel("Status").selectOption("PENDING");
    await page.getByRole("button", { name: "Apply" }).click();
    const heldRow = row("jobs", "5511944443333");
    await heldRow.getByRole("button", { name: "Cancel job" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("lead opted out");
    await dialog.getByRole("button", { name: "Cancel job" }).click();
    await heldRow.waitFor({ state: "detached" });
    await page.getByLabel("Status").selectOption("CANCELLED");
    await page.getByRole("button", { name: "Apply" }).click();
    await row("jobs", "5511944443333").locator(".badge", { hasText: "CANCELLED" }).waitFor();
    const details = (await h.request({ method: "GET", url: `/v1/intents/${held}` })).json();
    expect(details).toMatchObject({ status: "DROPPED", job: { status: "CANCELLED" } });
    expect(await timelineEntry(held, "ExecutionJobCancelled")).toMatchObject({
      actor: "alice",
      data: { reason: "lead opted out" },
    });

    await clickNav("Overview");
    await lane.getByRole("button", { name: "Resume" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("review done");
    await dialog.getByRole("button", { name: "Resume" }).click();
    await lane.getByRole("button", { name: "Pause" }).waitFor();
    expect((await h.request({ method: "GET", url: "/v1/instances" })).json().items[0].paused).toBe(false);
    expect(h.sim.sends.some((send) => send.to.startsWith("5511944443333"))).toBe(false);

    const organizationPaused = async () =>
      (await h.request({ method: "GET", url: "/v1/instances" })).json().organizationPaused;
    await page.getByRole("button", { name: "Pause all sending" }).click();
    await dialog.getByLabel("Reason").fill("incident");
    await dialog.getByRole("button", { name: "Pause all" }).click();
    await page.getByText("Sending is paused").waitFor();
    expect(await organizationPaused()).toBe(true);
    await page.getByRole("button", { name: "Resume all sending" }).click();
    await dialog.getByLabel("Reason").fill("incident over");
    await dialog.getByRole("button", { name: "Resume all" }).click();
    await page.getByRole("button", { name: "Pause all sending" }).waitFor();
    expect(await organizationPaused()).toBe(false);
  }, 90_000);

  it("shows a scheduled intent as 'scheduled for …' and its priority", async () => {
    const instance = (await h.request({ method: "GET", url: "/v1/instances" })).json().items[0];
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await h.request({
      method: "POST",
      url: "/v1/intents:batch",
      payload: {
        instanceId: instance.id,
        items: [
          {
            target: { kind: "PHONE", value: "5511955554444" },
            type: "TEXT",
            payload: { text: "later" },
            priority: "HIGH",
            sendAt,
          },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    await clickNav("Intents");
    const scheduled = row("intents", "5511955554444");
    await scheduled.getByText("scheduled for").waitFor();
    await scheduled.getByRole("link").first().click();
    await page.getByText("TEXT / DISPATCH / HIGH").waitFor();
    await page.getByText("Scheduled for").first().waitFor();
  }, 60_000);

  it("writes a screenshot of each view, on a laptop and on a phone", async () => {
    await clickNav("Intents");
    await row("intents", "5511977776666").locator(".badge", { hasText: "SENT" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}intents.png`, fullPage: true });
    await page.getByLabel("Search").fill("88887");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/q=88887/);
    await row("intents", "5511988887777").waitFor();
    expect(await page.locator('table[aria-label="intents"] tbody tr').count()).toBe(1);
    await clickNav("Send test");
    await page.getByRole("button", { name: "Send test message" }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}send-test.png`, fullPage: true });
    await clickNav("Overview");
    const stats = (await h.request({ method: "GET", url: "/v1/stats/overview" })).json();
    const sent = stats.sentPerMinute.reduce((sum: number, point: { count: number }) => sum + point.count, 0);
    expect(sent).toBe(stats.jobs.SENT);
    await page.getByText(`${sent} sent in the last hour`).first().waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}overview.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}overview-phone.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 60_000);

  it("goes back to sign-in when the server refuses the key", async () => {
    await page.route("**/v1/**", (route) =>
      route.fulfill({ status: 401, json: { error: { code: "UNAUTHORIZED", message: "unknown API key" } } }),
    );
    await page.reload();
    await page.getByText("The server refused this API key").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("whatlead.apiKey"))).toBeNull();
    await page.unroute("**/v1/**");
  }, 60_000);
});
