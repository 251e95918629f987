import { describe, expect, it } from "vitest";
import { ApiError, ApiUnreachableError, createGraphqlClient, fetchNeighborhood, type Fetch } from "./api-client.ts";
import { graphql } from "./graphql.ts";
import { supportsWebgl2 } from "./webgl.ts";
import { DEFAULT_API_URL, readWebEnv } from "./env.ts";

// The browser tests cause these faults for real; here each branch of the mapping is pinned down.
const SEARCH_IDS = graphql(`
  query SearchIds {
    search(query: "x") {
      id
    }
  }
`);
const PING = graphql(`
  query Ping {
    __typename
  }
`);
const answering =
  (status: number, body: unknown): Fetch =>
  async () =>
    new Response(typeof body === "string" ? body : JSON.stringify(body), { status });

describe("the GraphQL client", () => {
  it("returns data", async () => {
    const client = createGraphqlClient("/graphql", answering(200, { data: { search: [] } }));
    await expect(client.request(SEARCH_IDS)).resolves.toEqual({ search: [] });
  });

  it("tells an unreachable API apart from an API error", async () => {
    const refused: Fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    await expect(createGraphqlClient("/graphql", refused).request(PING)).rejects.toBeInstanceOf(ApiUnreachableError);
    await expect(createGraphqlClient("/graphql", answering(502, { errors: [{ message: "down" }] })).request(PING)).rejects.toBeInstanceOf(ApiUnreachableError);
    await expect(createGraphqlClient("/graphql", answering(200, "<html>")).request(PING)).rejects.toBeInstanceOf(ApiUnreachableError);
    const error = await createGraphqlClient("/graphql", answering(200, { errors: [{ message: "bad", extensions: { code: "BAD_USER_INPUT" } }] }))
      .request(PING)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("BAD_USER_INPUT");
  });

  it("names the input field an error is about, and sends a request's own headers", async () => {
    let sent: RequestInit | undefined;
    const recording: Fetch = async (_input, init) => {
      sent = init;
      return new Response(JSON.stringify({ errors: [{ message: "Title is empty", extensions: { code: "BAD_USER_INPUT", field: "input.title" } }] }), {
        status: 200,
      });
    };
    const error = await createGraphqlClient("/graphql", recording)
      .request(PING, {}, { headers: { authorization: "Bearer t0ken" } })
      .catch((e: unknown) => e);
    expect((error as ApiError).field).toBe("input.title");
    expect(sent?.headers).toMatchObject({ authorization: "Bearer t0ken", "content-type": "application/json" });
  });

  it("turns NOT_FOUND for a neighbourhood into null (the not-found view)", async () => {
    const client = createGraphqlClient("/graphql", answering(200, { errors: [{ message: "No entity", extensions: { code: "NOT_FOUND" } }], data: null }));
    await expect(fetchNeighborhood(client, "nope", [], 100)).resolves.toBeNull();
  });
});

describe("environment and capabilities", () => {
  it("reads KGX_API_URL with a default and refuses anything but http(s)", () => {
    expect(readWebEnv({}).apiUrl.href).toBe(DEFAULT_API_URL);
    expect(readWebEnv({ KGX_API_URL: "http://api:4000/graphql" }).apiUrl.host).toBe("api:4000");
    expect(() => readWebEnv({ KGX_API_URL: "file:///etc/passwd" })).toThrow(/KGX_API_URL/);
  });

  it("enables WebGL only when a throwaway canvas gives a WebGL2 context", () => {
    let lost = false;
    const withWebgl = { createElement: () => ({ getContext: () => ({ getExtension: () => ({ loseContext: () => (lost = true) }) }) }) };
    expect(supportsWebgl2(withWebgl)).toBe(true);
    expect(lost).toBe(true);
    expect(supportsWebgl2({ createElement: () => ({ getContext: () => null }) })).toBe(false);
    expect(
      supportsWebgl2({
        createElement: () => ({
          getContext: () => {
            throw new Error("blocked");
          },
        }),
      }),
    ).toBe(false);
    expect(supportsWebgl2(undefined)).toBe(false);
  });
});
