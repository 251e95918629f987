import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { CspNonceProvider } from "../src/components/CspNonce.tsx";
import { TYPE_COLOR_CSS } from "../src/graph-style.ts";
import "./globals.css";

export const metadata: Metadata = {
  title: "kgx — US–China AI-chip conflict explorer",
  description: "Explore the people, companies, chips, policies and events of the 2025 US–China AI-chip conflict, with the evidence behind every relationship.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * Cytoscape adds one rule for its containers in a <style> element unless an element with this id
 * exists; rendering it here, with the nonce, keeps the rule and spares a refused inline style.
 * Cytoscape puts its rule first so that the app's own rules win; :where() gives the same weight
 * (none) from here, after the app's stylesheet.
 */
const CYTOSCAPE_STYLESHEET_ID = "__________cytoscape_stylesheet";
const CYTOSCAPE_CONTAINER_CSS = ":where(.__________cytoscape_container){position:relative}";

/**
 * Reading the request headers renders every page per request, which the Content-Security-Policy
 * needs: each response has a nonce of its own (proxy.ts), and Next puts it on its scripts only
 * when it renders the page for that request.
 */
export default async function RootLayout({ children }: { readonly children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en">
      <head>
        <style id={CYTOSCAPE_STYLESHEET_ID} nonce={nonce}>
          {CYTOSCAPE_CONTAINER_CSS}
        </style>
        <style nonce={nonce}>{TYPE_COLOR_CSS}</style>
      </head>
      <body>
        <CspNonceProvider nonce={nonce}>{children}</CspNonceProvider>
      </body>
    </html>
  );
}
