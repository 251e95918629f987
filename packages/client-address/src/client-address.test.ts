import { describe, expect, it } from "vitest";
import { clientAddress, forwardedForChain, parseTrustedProxies, TRUST_LOOPBACK, TRUST_NO_PROXY } from "./client-address.ts";

describe("forwardedForChain", () => {
  it("replaces a header written by an untrusted peer with the peer's own address", () => {
    expect(forwardedForChain("203.0.113.9", "198.51.100.1", TRUST_LOOPBACK)).toBe("203.0.113.9");
    expect(forwardedForChain("::ffff:203.0.113.9", undefined, TRUST_LOOPBACK)).toBe("203.0.113.9");
  });

  it("keeps what a trusted proxy sent and appends that proxy", () => {
    expect(forwardedForChain("127.0.0.1", "198.51.100.1", TRUST_LOOPBACK)).toBe("198.51.100.1, 127.0.0.1");
    const proxies = parseTrustedProxies("10.0.0.5");
    expect(forwardedForChain("10.0.0.5", ["198.51.100.1", "198.51.100.2"], proxies)).toBe("198.51.100.1,198.51.100.2, 10.0.0.5");
    expect(forwardedForChain("127.0.0.1", "198.51.100.1", TRUST_NO_PROXY)).toBe("127.0.0.1");
  });

  it("names, two hops on, the address that really connected: a forged header gains nothing", () => {
    // A browser at 203.0.113.9 connects straight to the web server and claims to be 198.51.100.1;
    // the web server (loopback, trusted by the API) passes the chain on.
    const chain = forwardedForChain("203.0.113.9", "198.51.100.1", TRUST_LOOPBACK);
    expect(clientAddress("127.0.0.1", chain, TRUST_LOOPBACK)).toBe("203.0.113.9");
    // Behind a trusted reverse proxy at 10.0.0.5, the client it names is the one counted.
    const behindProxy = forwardedForChain("10.0.0.5", "198.51.100.1", parseTrustedProxies("loopback,10.0.0.5"));
    expect(clientAddress("127.0.0.1", behindProxy, parseTrustedProxies("loopback,10.0.0.5"))).toBe("198.51.100.1");
  });
});
