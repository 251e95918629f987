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

describe("parseTrustedProxies", () => {
  const trusts = (list: string, peer: string) => clientAddress(peer, "198.51.100.1", parseTrustedProxies(list)) === "198.51.100.1";

  // Ranges (IPv4, IPv6, netmasks), proxy-addr's names in any case, and mixed lists, against peers
  // written in any form. An IPv4 range says nothing about IPv6 peers, nor an IPv6 range about IPv4 ones.
  it.each([
    ["10.0.0.0/8", "10.255.3.4", true],
    ["10.0.0.0/8", "::ffff:10.1.2.3", true],
    ["10.0.0.0/8", "11.0.0.1", false],
    ["10.0.0.0/8", "::a00:1", false],
    ["172.28.0.0/16", "172.28.9.9", true],
    ["172.28.0.0/16", "172.29.0.1", false],
    ["2001:db8:aa::/48", "2001:DB8:AA:1::7", true],
    ["2001:db8:aa::/48", "2001:db8:ab::7", false],
    ["::/1", "10.0.0.1", false],
    ["192.168.0.0/255.255.0.0", "192.168.40.2", true],
    ["uniquelocal", "192.168.1.1", true],
    ["uniquelocal", "fd00::1", true],
    ["uniquelocal", "127.0.0.1", false],
    ["LinkLocal", "169.254.1.1", true],
    ["Loopback, 10.0.0.0/24", "127.8.0.1", true],
    ["Loopback, 10.0.0.0/24", "10.0.0.200", true],
    ["Loopback, 10.0.0.0/24", "10.0.1.1", false],
  ])("with %j, trusts the peer %s: %s", (list, peer, trusted) => {
    expect(trusts(list, peer)).toBe(trusted);
  });

  it("walks X-Forwarded-For through every proxy of a trusted range to the client", () => {
    const proxies = parseTrustedProxies("10.0.0.0/8");
    expect(clientAddress("10.0.0.1", "203.0.113.9, 10.2.0.1, 10.3.0.1", proxies)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1", "198.51.100.7, 203.0.113.9, 10.3.0.1", proxies)).toBe("203.0.113.9");
  });

  it("refuses entries that are not an address, a range or a name, naming the entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(`has "10.0.0.0/33", which is not a CIDR range`);
    expect(() => parseTrustedProxies("2001:db8::/129")).toThrow(`has "2001:db8::/129", which is not a CIDR range`);
    expect(() => parseTrustedProxies("10.0.0.0/8x")).toThrow(`has "10.0.0.0/8x", which is not a CIDR range`);
    // Shorthand that ipaddr.js would read as 10.0.0.1 or 10.0.0.0 is refused as a likely typo.
    expect(() => parseTrustedProxies("10.1/8")).toThrow(`has "10.1/8", whose network "10.1" is not an IP address`);
    expect(() => parseTrustedProxies("10.1")).toThrow(`has "10.1", which is not an IP address or range`);
    expect(() => parseTrustedProxies("loopback, proxy.internal")).toThrow(`has "proxy.internal", which is not an IP address or range`);
    expect(() => parseTrustedProxies(" , ")).toThrow("is empty");
  });
});
