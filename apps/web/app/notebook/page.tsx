import { NotebookList } from "../../src/components/NotebookList.tsx";

export default function NotebooksPage() {
  return <NotebookList />;
}
