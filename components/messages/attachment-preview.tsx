// One attachment in a message: images as a thumbnail linking to the full image,
// other files as a download link with their size.
import type { AttachmentView } from "@/lib/messages/types";
import { fileSize } from "@/lib/messages/format";
import { FileIcon } from "./icons";

export function AttachmentPreview({ attachment, mine }: { attachment: AttachmentView; mine: boolean }) {
  if (attachment.isImage && attachment.thumbUrl) {
    return (
      <a href={attachment.url} target="_blank" rel="noopener" className="block overflow-hidden rounded border border-black/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route behind auth, not by next/image */}
        <img src={attachment.thumbUrl} alt={attachment.fileName} loading="lazy" className="max-h-60 w-auto max-w-full bg-slate-100 object-contain" />
      </a>
    );
  }
  return (
    <a
      href={attachment.url}
      download={attachment.fileName}
      className={`flex items-center gap-2 rounded border px-3 py-2 text-sm hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 ${mine ? "border-white/30" : "border-slate-200 bg-white"}`}
    >
      <FileIcon />
      <span className="min-w-0 truncate">{attachment.fileName}</span>
      <span className={`shrink-0 ${mine ? "text-white/80" : "text-slate-500"}`}>{fileSize(attachment.bytes)}</span>
    </a>
  );
}

/** A message's attachments, one preview each. */
export function AttachmentList({ attachments, mine }: { attachments: AttachmentView[]; mine: boolean }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Attachments">
      {attachments.map((a) => (
        <li key={a.id}>
          <AttachmentPreview attachment={a} mine={mine} />
        </li>
      ))}
    </ul>
  );
}
