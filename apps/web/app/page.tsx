import { Explorer } from "../src/components/Explorer.tsx";

export default function ExplorerPage() {
  return <Explorer />;
}
