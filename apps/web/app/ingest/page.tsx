import type { Metadata } from "next";
import { IngestPage } from "../../src/components/IngestPage.tsx";

export const metadata: Metadata = { title: "kgx — add an article" };

export default function AddArticlePage() {
  return (
    <div className="ingest-page">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          <h1>kgx · add an article</h1>
        </div>
        <nav className="topnav" aria-label="Pages">
          <a href="/">Explorer</a>
          <a href="/ingest" aria-current="page">
            Add article
          </a>
          <a href="/notebook">Notebooks</a>
          <a href="/graphql">GraphQL</a>
        </nav>
      </header>
      <main className="ingest-main">
        <IngestPage />
      </main>
    </div>
  );
}
