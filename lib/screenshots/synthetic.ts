// A synthetic "screen" for the demo seed and the benches: a desktop with a window showing the
// time, the contract and the memo. (The tracker's --simulate draws its own without native code:
// tracker/backends/synthetic-screen.ts.)
import sharp from "sharp";

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] as string);
}

export interface SyntheticScreenInput {
  at: Date;
  contractTitle: string;
  memo: string;
  /** varies colours and layout so thumbnails differ */
  seed: number;
  width?: number;
  height?: number;
}

const PALETTE = ["#1e3a8a", "#065f46", "#7c2d12", "#581c87", "#0f172a", "#134e4a"];

export async function syntheticScreenshot(input: SyntheticScreenInput): Promise<Buffer> {
  const width = input.width ?? 1280;
  const height = input.height ?? 800;
  const bg = PALETTE[input.seed % PALETTE.length];
  const lines = Array.from({ length: 14 }, (_, i) => {
    const w = 200 + ((input.seed * 37 + i * 91) % 520);
    return `<rect x="140" y="${250 + i * 30}" width="${w}" height="12" rx="3" fill="${i % 4 === 0 ? "#93c5fd" : "#cbd5e1"}"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1280 800">
  <rect width="1280" height="800" fill="${bg}"/>
  <rect x="0" y="770" width="1280" height="30" fill="#0b1220"/>
  <text x="1190" y="791" font-family="sans-serif" font-size="16" fill="#e2e8f0">${input.at.toISOString().slice(11, 16)}</text>
  <rect x="100" y="90" width="1080" height="640" rx="10" fill="#f8fafc"/>
  <rect x="100" y="90" width="1080" height="44" rx="10" fill="#e2e8f0"/>
  <text x="130" y="120" font-family="sans-serif" font-size="20" fill="#0f172a">${escapeXml(input.contractTitle)}</text>
  <text x="140" y="190" font-family="sans-serif" font-size="30" font-weight="bold" fill="#0f172a">${escapeXml(input.memo)}</text>
  <text x="140" y="226" font-family="monospace" font-size="18" fill="#475569">${input.at.toISOString().replace("T", " ").slice(0, 19)} UTC</text>
  ${lines}
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}
