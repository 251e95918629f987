import fs from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

/** Debian's Chromium; the tests never download a browser. CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh profile, or fails saying how to install it. */
export async function launchChromium(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); the browser tests cannot run without it.`,
    );
  }
  // launch() gives every run a fresh temporary profile of its own (it refuses --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** What the page logs for a violation it saw (see watch below); Chromium's own messages match too. */
const VIOLATION_PREFIX = "Content-Security-Policy violation:";
const CSP_CONSOLE_MESSAGE = /^Refused to |violates the following Content Security Policy directive|^Content-Security-Policy violation:/;

/**
 * Everything the pages of watched contexts were refused by their Content-Security-Policy: the
 * `securitypolicyviolation` events of each document, and Chromium's "Refused to …" console
 * messages (which also cover what happens before any script runs). A suite takes the list after
 * each test and fails the test when it is not empty, so every flow the suites drive is also a
 * check that the policy lets the app work.
 */
export class CspViolations {
  private readonly seen: string[] = [];

  async watch(context: BrowserContext): Promise<void> {
    await context.addInitScript((prefix: string) => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(
          `${prefix} ${event.effectiveDirective} refused ${event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}:${event.lineNumber} (${event.sample})`,
        );
      });
    }, VIOLATION_PREFIX);
    context.on("console", (message) => {
      const text = message.text();
      if (CSP_CONSOLE_MESSAGE.test(text)) this.seen.push(`${message.location().url}: ${text.slice(0, 300)}`);
    });
  }

  /** The violations seen since the last call. */
  take(): string[] {
    return this.seen.splice(0);
  }
}
