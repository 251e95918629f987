import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "kgx notebooks — Cypher and GraphQL with notes" };

export default function NotebookLayout({ children }: { readonly children: ReactNode }) {
  return (
    <div className="notebook-page">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          <h1>kgx notebooks</h1>
        </div>
        <nav className="topnav" aria-label="Pages">
          <a href="/">Explorer</a>
          <a href="/ingest">Add article</a>
          <a href="/notebook">Notebooks</a>
          <a href="/graphql">GraphQL</a>
        </nav>
      </header>
      <main className="notebook-main">{children}</main>
    </div>
  );
}
