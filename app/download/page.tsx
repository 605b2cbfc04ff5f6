import type { Metadata } from "next";
import { headers } from "next/headers";
import { CopyButton } from "@/components/copy-button";
import { BUILD_COMMAND, LINUX_EXECUTABLE, NODE_BUNDLE, formatSize, readTrackerBuild, type TrackerBuild } from "@/lib/tracker-build/read-dist";

export const metadata: Metadata = { title: "Download the tracker" };
export const dynamic = "force-dynamic";

/** This portal's origin as the browser addressed it, for the install lines. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  return `${h.get("x-forwarded-proto") === "https" ? "https" : "http"}://${h.get("host") ?? "localhost"}`;
}

const builtAtText = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
};

// /download: the desktop tracker of this portal's version (lib/tracker-build/read-dist.ts), its checksums
// and how to install it. Public, as its files are (proxy.ts): linked from Settings › Tracker and the Work Diary.
export default async function DownloadPage() {
  const [build, origin] = await Promise.all([readTrackerBuild(), requestOrigin()]);
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Download the desktop tracker</h1>
        <p className="text-slate-600">
          The tracker records your time on hourly contracts: in each 10-minute slot one screenshot and how many minutes had keyboard or mouse
          activity (counts only, never what you type). Sign it in with the short code it shows: no token to copy.
        </p>
      </div>
      {build.state === "ready" ? <ReadyBuild build={build} origin={origin} /> : <MissingBuild build={build} />}
      <WhatRunsWhere origin={origin} />
    </div>
  );
}

function MissingBuild({ build }: { build: Exclude<TrackerBuild, { state: "ready" }> }) {
  return (
    <div role="alert" data-testid="tracker-build-missing" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-900">
      <p className="font-medium">
        {build.state === "stale"
          ? `The tracker build on this portal is version ${build.version}, but the portal is version ${build.portalVersion}. It is not offered, since it may not work with this portal.`
          : build.reason}
      </p>
      <p className="mt-1 text-sm">
        The portal&apos;s operator must run <code className="rounded bg-white px-1 font-mono">{BUILD_COMMAND}</code> in the portal&apos;s folder (it writes
        tracker/dist, or the folder named by TRACKER_DIST_DIR). Until then there is nothing to download here.
      </p>
    </div>
  );
}

function ReadyBuild({ build, origin }: { build: Extract<TrackerBuild, { state: "ready" }>; origin: string }) {
  const url = (name: string) => `${origin}/download/${name}`;
  const lines = [
    { what: "Download the tracker and its checksum", text: `curl -fLO ${url(LINUX_EXECUTABLE)} -O ${url(`${LINUX_EXECUTABLE}.sha256`)}` },
    { what: "Check that it arrived intact", text: `sha256sum -c ${LINUX_EXECUTABLE}.sha256` },
    { what: "Make it runnable and sign in to this portal", text: `chmod +x ${LINUX_EXECUTABLE} && ./${LINUX_EXECUTABLE} login ${origin}` },
  ];
  return (
    <>
      <p data-testid="tracker-version">
        Version <strong>{build.version}</strong>, the same as this portal, built {builtAtText(build.builtAt)}.
      </p>
      {build.files.some((f) => f.name === LINUX_EXECUTABLE) && (
        <section aria-labelledby="install-heading" className="space-y-2">
          <h2 id="install-heading" className="text-lg font-semibold">Install on Linux (x64)</h2>
          <ol className="space-y-2">
            {lines.map((line, i) => (
              <li key={line.text} className="rounded border border-slate-200 bg-white p-3">
                <p className="mb-1 text-sm text-slate-600">{i + 1}. {line.what}</p>
                <div className="flex items-start gap-2">
                  <code id={`install-${i + 1}`} data-testid="install-line" className="block flex-1 break-all rounded bg-slate-50 p-2 font-mono text-sm">{line.text}</code>
                  <CopyButton text={line.text} targetId={`install-${i + 1}`} name={`install line ${i + 1}`} />
                </div>
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="files-heading" className="space-y-2">
        <h2 id="files-heading" className="text-lg font-semibold">Files</h2>
        <div className="overflow-x-auto rounded border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="p-2">File</th>
                <th scope="col" className="p-2">For</th>
                <th scope="col" className="p-2">Size</th>
                <th scope="col" className="p-2">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {build.files.map((f) => (
                <tr key={f.name} data-testid="tracker-file" className="border-t border-slate-200 align-top">
                  <td className="p-2">
                    <a href={`/download/${f.name}`} download className="font-medium text-brand-700 underline">{f.name}</a>
                    <a href={`/download/${f.name}.sha256`} download className="ml-2 text-xs text-slate-600 underline">.sha256</a>
                  </td>
                  <td className="p-2">{platformLabel(f.platform)}</td>
                  <td className="whitespace-nowrap p-2" title={`${f.size} bytes`}>{formatSize(f.size)}</td>
                  <td className="p-2"><code className="break-all font-mono text-xs">{f.sha256}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** version.json's platform ("linux-x64", "node20") as people read it. */
function platformLabel(platform: string): string {
  if (platform === "linux-x64") return "Linux x64, single executable";
  const node = /^node(\d+)?$/.exec(platform);
  return node ? `Any system with Node ${node[1] ?? "20"} or later` : platform;
}

function WhatRunsWhere({ origin }: { origin: string }) {
  return (
    <section aria-labelledby="where-heading" className="space-y-2">
      <h2 id="where-heading" className="text-lg font-semibold">What runs where</h2>
      <ul className="list-disc space-y-2 pl-6 text-slate-700">
        <li>
          <strong>Linux with X11</strong> (or a Wayland desktop with XWayland): the single executable above, with screenshots and activity counts
          taken from the X server. Nothing else to install.
        </li>
        <li>
          {/* Choice: said plainly that simulated time is not real work: its screenshots and activity are synthetic, and a
              careful payments product does not let a freelancer think otherwise. */}
          <strong>Windows and macOS</strong>: their screen and input capture does not exist yet. Until it does, the bundled script{" "}
          <code className="font-mono text-sm">{NODE_BUNDLE}</code> runs on Node 20 or later with a simulated screen and simulated activity:{" "}
          <code className="font-mono text-sm">node {NODE_BUNDLE} login {origin}</code>, then{" "}
          <code className="font-mono text-sm">node {NODE_BUNDLE} start &quot;contract&quot; --memo &quot;…&quot; --simulate</code>. What it sends is
          synthetic, so use it to try the tracker out, not to log billed work.
        </li>
        <li>
          <strong>Wayland without XWayland</strong>: refused. Wayland does not let one app see another&apos;s screen or input, so the tracker says so and
          stops. Choose an X11 session at the login screen (for example &quot;GNOME on Xorg&quot;), or turn XWayland on.
        </li>
      </ul>
    </section>
  );
}
