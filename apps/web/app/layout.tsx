import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "kgx — US–China AI-chip conflict explorer",
  description: "Explore the people, companies, chips, policies and events of the 2025 US–China AI-chip conflict, with the evidence behind every relationship.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { readonly children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
