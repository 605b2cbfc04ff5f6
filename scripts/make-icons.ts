// npx tsx scripts/make-icons.ts: draw the portal's icons from the logo
// (components/logo.tsx) into public/, where they are committed: favicon.ico
// (16, 32 and 48 px PNGs in one ICO), the app icons the web app manifest lists
// (app/manifest.ts), and the apple-touch-icon. Rerun it when the logo changes.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import sharp from "sharp";
import { Logo } from "../components/logo";
import { BRAND_COLOR } from "../lib/config/brand";

const PUBLIC = path.join(import.meta.dirname, "..", "public");

// The logo as the header draws it (stroke="currentColor"), in a given colour.
const logo = (color: string) =>
  renderToStaticMarkup(createElement(Logo, { className: "" })).replace(' class=""', "").replace('stroke="currentColor"', `stroke="${color}"`);

/**
 * A square SVG of `size` px: the logo over an optional background, the logo
 * taking `scale` of the side, centred.
 * Choice: the favicon is the bare green logo on transparent, as in the header;
 * home-screen icons are a white logo on a brand-green tile, since phones draw
 * them on any wallpaper and iOS fills transparency with black.
 */
function iconSvg(size: number, { background, color, scale, radius = 0 }: { background?: string; color: string; scale: number; radius?: number }): string {
  const side = size * scale;
  const offset = (size - side) / 2;
  const tile = background ? `<rect width="${size}" height="${size}" rx="${radius * size}" fill="${background}"/>` : "";
  const mark = logo(color).replace("<svg ", `<svg xmlns="http://www.w3.org/2000/svg" x="${offset}" y="${offset}" width="${side}" height="${side}" `);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${tile}${mark}</svg>`;
}

const png = (svg: string) => sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();

/** PNG images packed in an ICO container (PNG entries: every browser since 2007 reads them). */
export function packIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png: data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

const favicon = await Promise.all([16, 32, 48].map(async (size) => ({ size, png: await png(iconSvg(size, { color: BRAND_COLOR, scale: 1 })) })));
const files: Record<string, Buffer> = {
  "favicon.ico": packIco(favicon),
  // "any" icons: a rounded tile, as launchers that do not mask show it.
  "icons/icon-192.png": await png(iconSvg(192, { background: BRAND_COLOR, color: "#ffffff", scale: 0.625, radius: 0.1875 })),
  "icons/icon-512.png": await png(iconSvg(512, { background: BRAND_COLOR, color: "#ffffff", scale: 0.625, radius: 0.1875 })),
  // Maskable: full bleed, the logo inside the central 80% circle every mask keeps.
  "icons/icon-maskable-512.png": await png(iconSvg(512, { background: BRAND_COLOR, color: "#ffffff", scale: 0.5 })),
  // iOS rounds the corners itself and shows transparency as black: full bleed.
  "apple-touch-icon.png": await png(iconSvg(180, { background: BRAND_COLOR, color: "#ffffff", scale: 0.625 })),
};
for (const [name, data] of Object.entries(files)) {
  writeFileSync(path.join(PUBLIC, name), data);
  console.log(`public/${name}: ${data.length} bytes`);
}
