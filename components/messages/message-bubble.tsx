// One message: mine on the right, theirs on the left, with attachments and time.
import type { MessageView } from "@/lib/messages/types";
import { messageTime } from "@/lib/messages/format";
import { AttachmentList } from "./attachment-preview";

export function MessageBubble({ message, mine, timeZone, seen }: { message: MessageView; mine: boolean; timeZone: string; seen: boolean }) {
  return (
    <li className={`flex flex-col ${mine ? "items-end" : "items-start"}`} data-testid="message" data-message-id={message.id}>
      <div className={`max-w-[85%] space-y-2 rounded-2xl px-3 py-2 sm:max-w-[70%] ${mine ? "rounded-br-sm bg-brand-600 text-white" : "rounded-bl-sm bg-slate-100 text-slate-900"}`}>
        <span className="sr-only">{mine ? "You" : message.senderName}: </span>
        {message.body && <p className="whitespace-pre-wrap break-words">{message.body}</p>}
        <AttachmentList attachments={message.attachments} mine={mine} />
      </div>
      <div className="mt-0.5 px-1 text-xs text-slate-500">
        <time dateTime={message.createdAt}>{messageTime(message.createdAt, timeZone)}</time>
        {seen && <span data-testid="seen"> · Seen</span>}
      </div>
    </li>
  );
}
