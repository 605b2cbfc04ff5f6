"use client";
// The "Verify a bundle" form and its report (R15.4). The chosen or dropped file is read with
// File.arrayBuffer and checked by verifier/src in this tab: nothing is sent anywhere.
import { useState, type DragEvent } from "react";
import { FILES, type Manifest, type PortalKey } from "@/verifier/src/bundle-format";
import { headline, slotLabel, type Report } from "@/verifier/src/report";
import { verifyBundle } from "@/verifier/src/verify";
import { DEFAULT_ZIP_LIMITS, readZip, ZipError } from "@/verifier/src/zip";

type State = { step: "idle" } | { step: "checking"; name: string } | { step: "done"; name: string; report: Report; keysFrom: "portal" | "bundle" } | { step: "failed"; name: string; message: string };

function originOf(files: Map<string, Uint8Array>): string | null {
  try {
    return (JSON.parse(new TextDecoder().decode(files.get(FILES.manifest))) as Manifest).origin ?? null;
  } catch {
    return null;
  }
}

export function VerifyBundle({ portalKeys, origin }: { portalKeys: PortalKey[]; origin: string }) {
  const [state, setState] = useState<State>({ step: "idle" });
  const [dragging, setDragging] = useState(false);

  async function check(file: File) {
    setState({ step: "checking", name: file.name });
    try {
      if (file.size > DEFAULT_ZIP_LIMITS.maxTotalBytes) throw new ZipError(`the file is ${Math.round(file.size / 2 ** 20)} MiB, larger than any proof bundle`);
      const files = await readZip(new Uint8Array(await file.arrayBuffer()));
      // Choice: a bundle made by this portal is checked against the keys this portal publishes now
      // (a forged bundle cannot bring its own); one from elsewhere against the keys it carries, and the page says so.
      const fromHere = originOf(files) === origin;
      const report = await verifyBundle(files, fromHere ? { trustedPortalKeys: portalKeys } : {});
      setState({ step: "done", name: file.name, report, keysFrom: fromHere ? "portal" : "bundle" });
    } catch (error) {
      setState({ step: "failed", name: file.name, message: error instanceof ZipError ? `The bundle cannot be read: ${error.message}.` : `The bundle could not be checked: ${String(error)}` });
    }
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void check(file);
  }

  return (
    <div className="space-y-4">
      <label
        htmlFor="proof-bundle"
        data-testid="bundle-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`block cursor-pointer rounded border-2 border-dashed p-8 text-center ${dragging ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-white"}`}
      >
        <span className="font-medium">Drop a proof bundle here, or choose one</span>
        <span className="mt-1 block text-sm text-slate-600">proof-&lt;contract&gt;-&lt;week&gt;.zip</span>
        <input
          id="proof-bundle"
          type="file"
          accept=".zip,application/zip"
          aria-label="Proof bundle"
          className="sr-only"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void check(file);
            e.target.value = "";
          }}
        />
      </label>
      {state.step === "checking" && <p role="status">Checking {state.name}…</p>}
      {state.step === "failed" && (
        <div role="alert" data-testid="verify-result" data-status="unreadable" className="rounded border border-red-300 bg-red-50 p-4 text-red-900">
          <p className="font-medium">{state.name}</p>
          <p>{state.message}</p>
        </div>
      )}
      {state.step === "done" && <BundleReport name={state.name} report={state.report} keysFrom={state.keysFrom} />}
    </div>
  );
}

const TONE: Record<Report["status"], string> = {
  holds: "border-green-300 bg-green-50 text-green-900",
  not_sealed: "border-amber-300 bg-amber-50 text-amber-900",
  problems: "border-red-300 bg-red-50 text-red-900",
  unreadable: "border-red-300 bg-red-50 text-red-900",
};

function BundleReport({ name, report, keysFrom }: { name: string; report: Report; keysFrom: "portal" | "bundle" }) {
  const c = report.checked;
  // where the keys came from is said above, in the page's words
  const notes = report.notes.filter((n) => !n.includes("taken from the bundle"));
  return (
    <div role={report.status === "holds" ? "status" : "alert"} data-testid="verify-result" data-status={report.status} className={`space-y-3 rounded border p-4 ${TONE[report.status]}`}>
      <p className="font-medium">{name}</p>
      <p className="text-lg font-semibold">{headline(report)}</p>
      {report.status !== "unreadable" && (
        <p className="text-sm">
          Checked {c.records} records, {c.segments} segments, {c.signatures} signatures and {c.screenshots} screenshots
          {keysFrom === "portal" ? ", against this portal's published keys." : ", against the keys in the bundle itself (it was not made by this portal)."}
          {report.seal && ` Sealed on ${report.seal.sealedAt.slice(0, 10)} in invoice ${report.seal.invoice}.`}
        </p>
      )}
      {report.status === "problems" && (
        <table className="w-full bg-white text-left text-sm text-slate-900">
          <thead>
            <tr className="border-b">
              <th scope="col" className="p-2">Slot</th>
              <th scope="col" className="p-2">Problem</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p, i) => (
              <tr key={i} className="border-b align-top" data-testid="verify-problem">
                <td className="whitespace-nowrap p-2 font-mono">{p.slot ? slotLabel(p.slot) : "—"}</td>
                <td className="p-2">{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notes.length > 0 && (
        <ul className="list-disc pl-5 text-sm">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
