import { NotebookView } from "../../../src/components/NotebookView.tsx";

export default async function NotebookPage({ params }: { readonly params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <NotebookView id={id} />;
}
