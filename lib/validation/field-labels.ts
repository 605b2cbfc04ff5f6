// What a person calls each request field, for summaries of field errors (the 422 `message`, the
// Transaction History's refused filters). The `fields` of an error keep the keys, which forms match
// to their inputs; only the words shown beside a message come from here.
import "./zod-messages";

/** The fields of lib/validation's schemas by key; keys not listed read as their words ("bankCode" -> "Bank code"). */
export const FIELD_LABELS: Readonly<Partial<Record<string, string>>> = {
  // contracts
  title: "Title",
  freelancerEmail: "Freelancer's email",
  clientEmail: "Client's email",
  hourlyRateCents: "Hourly rate",
  weeklyLimitHours: "Weekly limit",
  manualTimeAllowed: "Manual time",
  weeklyPaymentCents: "Weekly payment",
  startsAt: "Start date",
  contractId: "Contract",
  contract: "Contract",
  // money, disputes, bonuses
  amountCents: "Amount",
  memo: "Memo",
  idempotencyKey: "Request key",
  weekStart: "Week",
  segmentIds: "Segments",
  reason: "Reason",
  answer: "Answer",
  // reports
  from: "From",
  to: "To",
  type: "Type",
  limit: "Page size",
  cursor: "Page link",
  filter: "Filter",
  referenceId: "Reference ID",
  // get paid
  kind: "Method",
  label: "Name",
  accountHolder: "Account holder",
  routingNumber: "Routing number",
  accountNumber: "Account number",
  country: "Country",
  bankCode: "Bank code",
  iban: "IBAN",
  swift: "SWIFT/BIC",
  cardNumber: "Card number",
  expiry: "Expiry date",
  isDefault: "Default method",
  methodId: "Payout method",
  password: "Password",
  frequency: "Schedule",
  thresholdCents: "Threshold",
  // billing methods (R14.1)
  cvc: "Security code (CVC)",
  amounts: "Micro-deposit amounts",
  outcome: "Challenge answer",
  method: "Billing method",
  // sign-in, tokens, messages
  email: "Email",
  name: "Name",
  body: "Message",
  clientId: "Message key",
  upToMessageId: "Message",
  socket_id: "Connection",
  channel_name: "Channel",
  // diary and tracker
  slotStarts: "Slots",
  day: "Day",
  tz: "Time zone",
  segmentId: "Segment",
  slotStart: "Slot",
  screenshotTakenAt: "Screenshot time",
  keyboardCounts: "Keyboard counts",
  mouseCounts: "Mouse counts",
  screenshot: "Screenshot",
  segment: "Segment",
};

/** "weeklyPaymentCents" -> "Weekly payment", "socket_id" -> "Socket id": a key's words, money's "Cents" dropped. */
function words(key: string): string {
  const spaced = key
    .replace(/Cents$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return spaced ? spaced.charAt(0).toUpperCase() + spaced.slice(1) : "This field";
}

/** The label of a field path as fieldsFromZod names it ("segmentIds.3" -> "Segments"). */
export function fieldLabel(path: string): string {
  const head = path.split(".")[0] ?? path;
  return (Object.hasOwn(FIELD_LABELS, head) ? FIELD_LABELS[head] : undefined) ?? words(head); // never a prototype key ("constructor")
}

const sentence = (message: string) => (/[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`);

/**
 * One line for a set of field errors, in words: "Title: Give the contract a title of at least 3
 * characters. Hourly rate: The hourly rate must be whole cents."
 * Choice: each message after its field's label, in the order of the fields; an error about the whole
 * request (key "body", as fieldsFromZod names it) or a message's body is its message alone.
 */
export function summarizeFields(fields: Record<string, string>): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return "Check what you entered and try again.";
  return entries.map(([key, message]) => (key === "body" ? sentence(message) : `${fieldLabel(key)}: ${sentence(message)}`)).join(" ");
}

/** "Hourly, Bonus or Refund": choices as the page names them. */
export function listOf(labels: readonly string[]): string {
  return labels.length < 2 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

/**
 * The message for a value outside an enum, naming the choices by their labels, never the stored
 * names (WEEKLY_PAYMENT is "Weekly payment"): `Choose a type: Hourly, Bonus … or Adjustment.`
 */
export function chooseOne<T extends string>(what: string, values: readonly T[], labels: Readonly<Record<T, string>>): string {
  return `Choose ${what}: ${listOf(values.map((v) => labels[v]))}.`;
}
