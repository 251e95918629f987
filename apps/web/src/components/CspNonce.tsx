"use client";

import { createContext, useContext, type ReactNode } from "react";

/**
 * The page's Content-Security-Policy nonce, for client code that creates <style> elements
 * (CodeMirror). It reaches the client inside the RSC payload, which is itself a nonce'd script.
 */
const CspNonceContext = createContext<string | undefined>(undefined);

export function CspNonceProvider({ nonce, children }: { readonly nonce: string | undefined; readonly children: ReactNode }) {
  return <CspNonceContext.Provider value={nonce}>{children}</CspNonceContext.Provider>;
}

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
