import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page-not-found">
      <h1>Page not found</h1>
      <p>
        This address is not part of the explorer. <Link href="/">Open the explorer</Link> and search for an entity there.
      </p>
    </main>
  );
}
