import { DiarySkeleton } from "@/components/diary/work-diary";

export default function Loading() {
  return <DiarySkeleton />;
}
