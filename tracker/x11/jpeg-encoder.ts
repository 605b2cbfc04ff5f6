/*
  Copyright (c) 2008, Adobe Systems Incorporated
  All rights reserved.

  Redistribution and use in source and binary forms, with or without
  modification, are permitted provided that the following conditions are
  met:

  * Redistributions of source code must retain the above copyright notice,
    this list of conditions and the following disclaimer.

  * Redistributions in binary form must reproduce the above copyright
    notice, this list of conditions and the following disclaimer in the
    documentation and/or other materials provided with the distribution.

  * Neither the name of Adobe Systems Incorporated nor the names of its
    contributors may be used to endorse or promote products derived from
    this software without specific prior written permission.

  THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS
  IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
  THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
  PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR
  CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
  EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
  PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR
  PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF
  LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
  NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
  SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/
// A streaming baseline JPEG encoder, ported from jpeg-js's encoder (Andreas Ritter's JavaScript port
// of Adobe's AS3 encoder, licence above): the same quality tables, standard Huffman tables and AAN
// forward DCT, but fed packed RGB rows as they arrive (16 at a time) and writing into a growing Buffer,
// so encoding a screen never holds a full-frame RGBA copy or an array of numbers per output byte.

const ZIGZAG = Uint8Array.from([
  0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42, 3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18, 24, 31, 40, 44, 53, 10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38,
  46, 51, 55, 60, 21, 34, 37, 47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
]);

const DC_LUMINANCE_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMINANCE_COUNTS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMINANCE_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1,
  0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37,
  0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
  0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3,
  0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3,
  0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];
const DC_CHROMINANCE_COUNTS = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const AC_CHROMINANCE_COUNTS = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMINANCE_VALUES = [
  0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1,
  0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36,
  0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
  0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a,
  0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
  0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

const LUMINANCE_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24,
  35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMINANCE_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, ...new Array<number>(32).fill(99),
];
const AAN_SCALE = [1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379];

interface Huffman {
  code: Uint16Array;
  length: Uint8Array;
}

function huffmanTable(counts: number[], values: number[]): Huffman {
  const table = { code: new Uint16Array(256), length: new Uint8Array(256) };
  let code = 0;
  let k = 0;
  for (let bits = 1; bits <= 16; bits++) {
    for (let j = 0; j < (counts[bits - 1] as number); j++, k++, code++) {
      table.code[values[k] as number] = code;
      table.length[values[k] as number] = bits;
    }
    code *= 2;
  }
  return table;
}

const Y_DC = huffmanTable(DC_LUMINANCE_COUNTS, DC_VALUES);
const UV_DC = huffmanTable(DC_CHROMINANCE_COUNTS, DC_VALUES);
const Y_AC = huffmanTable(AC_LUMINANCE_COUNTS, AC_LUMINANCE_VALUES);
const UV_AC = huffmanTable(AC_CHROMINANCE_COUNTS, AC_CHROMINANCE_VALUES);

/** The quantisation table in zigzag order (what DQT stores) and the DCT's descale factors in natural order. */
function quantTables(base: number[], quality: number): { zigzag: Uint8Array; scale: Float64Array } {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const sf = q < 50 ? Math.floor(5000 / q) : Math.floor(200 - q * 2);
  const zigzag = new Uint8Array(64);
  for (let i = 0; i < 64; i++) zigzag[ZIGZAG[i] as number] = Math.min(255, Math.max(1, Math.floor(((base[i] as number) * sf + 50) / 100)));
  const scale = new Float64Array(64);
  for (let row = 0, k = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++, k++) scale[k] = 1 / ((zigzag[ZIGZAG[k] as number] as number) * (AAN_SCALE[row] as number) * (AAN_SCALE[col] as number) * 8);
  }
  return { zigzag, scale };
}

/** AAN forward DCT of an 8x8 block in place, then quantised into `out` in zigzag order. */
function forwardDct(data: Float64Array, scale: Float64Array, out: Int32Array): void {
  for (let o = 0; o < 64; o += 8) dct8(data, o, 1);
  for (let o = 0; o < 8; o++) dct8(data, o, 8);
  for (let i = 0; i < 64; i++) {
    const v = (data[i] as number) * (scale[i] as number);
    out[ZIGZAG[i] as number] = v > 0 ? (v + 0.5) | 0 : (v - 0.5) | 0;
  }
}

/** One 1-D pass of the AAN DCT over 8 values at `o`, `step` apart. */
function dct8(d: Float64Array, o: number, step: number): void {
  const d0 = d[o] as number;
  const d1 = d[o + step] as number;
  const d2 = d[o + 2 * step] as number;
  const d3 = d[o + 3 * step] as number;
  const d4 = d[o + 4 * step] as number;
  const d5 = d[o + 5 * step] as number;
  const d6 = d[o + 6 * step] as number;
  const d7 = d[o + 7 * step] as number;
  const tmp0 = d0 + d7;
  const tmp7 = d0 - d7;
  const tmp1 = d1 + d6;
  const tmp6 = d1 - d6;
  const tmp2 = d2 + d5;
  const tmp5 = d2 - d5;
  const tmp3 = d3 + d4;
  const tmp4 = d3 - d4;
  // even part
  const tmp10 = tmp0 + tmp3;
  const tmp13 = tmp0 - tmp3;
  const tmp11 = tmp1 + tmp2;
  const tmp12 = tmp1 - tmp2;
  d[o] = tmp10 + tmp11;
  d[o + 4 * step] = tmp10 - tmp11;
  const z1 = (tmp12 + tmp13) * 0.707106781;
  d[o + 2 * step] = tmp13 + z1;
  d[o + 6 * step] = tmp13 - z1;
  // odd part
  const o10 = tmp4 + tmp5;
  const o11 = tmp5 + tmp6;
  const o12 = tmp6 + tmp7;
  const z5 = (o10 - o12) * 0.382683433;
  const z2 = 0.5411961 * o10 + z5;
  const z4 = 1.306562965 * o12 + z5;
  const z3 = o11 * 0.707106781;
  const z11 = tmp7 + z3;
  const z13 = tmp7 - z3;
  d[o + 5 * step] = z13 + z2;
  d[o + 3 * step] = z13 - z2;
  d[o + step] = z11 + z4;
  d[o + 7 * step] = z11 - z4;
}

/**
 * Choice: 4:2:0 chroma subsampling (what libjpeg and sharp write by default): a third smaller than
 * jpeg-js's 4:4:4 at the same quality and half the chroma work; text stays readable in the luma.
 */
const MCU = 16;

/** Baseline JPEG, 4:2:0, of a width x height picture given as packed RGB rows top to bottom. */
export class JpegEncoder {
  private out: Buffer;
  private length = 0;
  private bits = 0;
  private bitCount = 0;
  /** the current 16-row strip of packed RGB, filled by writeRows */
  private readonly strip: Buffer;
  private stripRows = 0;
  private rowsDone = 0;
  private dcY = 0;
  private dcCb = 0;
  private dcCr = 0;
  private readonly y: ReturnType<typeof quantTables>;
  private readonly uv: ReturnType<typeof quantTables>;
  private readonly block = new Float64Array(64);
  private readonly cb = new Float64Array(64);
  private readonly cr = new Float64Array(64);
  private readonly coefficients = new Int32Array(64);

  constructor(
    readonly width: number,
    readonly height: number,
    quality = 80,
  ) {
    if (!(width >= 1 && height >= 1 && width <= 65535 && height <= 65535)) throw new Error(`A JPEG cannot be ${width}x${height}.`);
    this.y = quantTables(LUMINANCE_QUANT, quality);
    this.uv = quantTables(CHROMINANCE_QUANT, quality);
    this.strip = Buffer.alloc(width * MCU * 3);
    // a q80 screen is about a tenth of a byte a pixel; the buffer doubles when a busy one needs more
    this.out = Buffer.allocUnsafe(Math.max(4096, Math.ceil((width * height) / 8)));
    this.writeHeaders();
  }

  /** Adds `rows` rows of packed RGB (width * 3 bytes each) from the start of `rgb`. */
  writeRows(rgb: Buffer, rows: number): void {
    const rowBytes = this.width * 3;
    if (rgb.length < rows * rowBytes) throw new Error("Fewer RGB bytes than the rows need.");
    if (this.rowsDone + this.stripRows + rows > this.height) throw new Error("More rows than the picture has.");
    let from = 0;
    while (from < rows) {
      const take = Math.min(rows - from, MCU - this.stripRows);
      rgb.copy(this.strip, this.stripRows * rowBytes, from * rowBytes, (from + take) * rowBytes);
      this.stripRows += take;
      from += take;
      if (this.stripRows === MCU) this.encodeStrip();
    }
  }

  /** The whole JPEG, once every row was written. */
  finish(): Buffer {
    if (this.stripRows > 0) this.encodeStrip();
    if (this.rowsDone < this.height) throw new Error(`The JPEG got ${this.rowsDone} of its ${this.height} rows.`);
    if (this.bitCount > 0) this.putBits((1 << (8 - this.bitCount)) - 1, 8 - this.bitCount); // pad with 1 bits
    this.putWord(0xffd9); // EOI
    return Buffer.from(this.out.subarray(0, this.length));
  }

  private encodeStrip(): void {
    const { width, strip } = this;
    const rowBytes = width * 3;
    // the last strip repeats its last row down to 16 rows, as every MCU is whole
    for (let r = this.stripRows; r < MCU; r++) strip.copy(strip, r * rowBytes, (this.stripRows - 1) * rowBytes, this.stripRows * rowBytes);
    const block = this.block;
    const { cb, cr } = this;
    for (let mx = 0; mx < width; mx += MCU) {
      // four luma blocks, each 8x8; the right edge repeats the last column
      for (let by = 0; by < 2; by++) {
        for (let bx = 0; bx < 2; bx++) {
          for (let r = 0, k = 0; r < 8; r++) {
            const row = (by * 8 + r) * rowBytes;
            for (let c = 0; c < 8; c++, k++) {
              const p = row + Math.min(mx + bx * 8 + c, width - 1) * 3;
              block[k] = 0.299 * (strip[p] as number) + 0.587 * (strip[p + 1] as number) + 0.114 * (strip[p + 2] as number) - 128;
            }
          }
          forwardDct(block, this.y.scale, this.coefficients);
          this.dcY = this.putBlock(this.dcY, Y_DC, Y_AC);
        }
      }
      // chroma: the mean of each 2x2 of pixels
      for (let r = 0, k = 0; r < 8; r++) {
        const row0 = 2 * r * rowBytes;
        for (let c = 0; c < 8; c++, k++) {
          const p0 = row0 + Math.min(mx + 2 * c, width - 1) * 3;
          const p1 = row0 + Math.min(mx + 2 * c + 1, width - 1) * 3;
          const red = ((strip[p0] as number) + (strip[p1] as number) + (strip[p0 + rowBytes] as number) + (strip[p1 + rowBytes] as number)) / 4;
          const green = ((strip[p0 + 1] as number) + (strip[p1 + 1] as number) + (strip[p0 + rowBytes + 1] as number) + (strip[p1 + rowBytes + 1] as number)) / 4;
          const blue = ((strip[p0 + 2] as number) + (strip[p1 + 2] as number) + (strip[p0 + rowBytes + 2] as number) + (strip[p1 + rowBytes + 2] as number)) / 4;
          cb[k] = -0.168736 * red - 0.331264 * green + 0.5 * blue;
          cr[k] = 0.5 * red - 0.418688 * green - 0.081312 * blue;
        }
      }
      forwardDct(cb, this.uv.scale, this.coefficients);
      this.dcCb = this.putBlock(this.dcCb, UV_DC, UV_AC);
      forwardDct(cr, this.uv.scale, this.coefficients);
      this.dcCr = this.putBlock(this.dcCr, UV_DC, UV_AC);
    }
    this.rowsDone += this.stripRows;
    this.stripRows = 0;
  }

  /** Huffman-codes the quantised block in `coefficients` (zigzag order); returns its DC for the next one. */
  private putBlock(previousDc: number, dc: Huffman, ac: Huffman): number {
    const z = this.coefficients;
    const value = z[0] as number;
    this.putValue(value - previousDc, dc, 0);
    let last = 63;
    while (last > 0 && z[last] === 0) last--;
    let run = 0;
    for (let i = 1; i <= last; i++) {
      const v = z[i] as number;
      if (v === 0) {
        run++;
        continue;
      }
      for (; run >= 16; run -= 16) this.putBits(ac.code[0xf0] as number, ac.length[0xf0] as number); // ZRL
      this.putValue(v, ac, run);
      run = 0;
    }
    if (last < 63) this.putBits(ac.code[0] as number, ac.length[0] as number); // EOB
    return value;
  }

  /** The Huffman code of (run, size of v), then v's bits (negative values as one's complement). */
  private putValue(v: number, table: Huffman, run: number): void {
    const magnitude = v < 0 ? -v : v;
    const size = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
    const symbol = (run << 4) | size;
    this.putBits(table.code[symbol] as number, table.length[symbol] as number);
    if (size > 0) this.putBits(v < 0 ? v + (1 << size) - 1 : v, size);
  }

  /** Appends the low `count` (at most 16) bits of `value`, with a 0 stuffed after every 0xFF byte. */
  private putBits(value: number, count: number): void {
    this.bits = (this.bits << count) | (value & ((1 << count) - 1));
    this.bitCount += count;
    while (this.bitCount >= 8) {
      const byte = (this.bits >>> (this.bitCount - 8)) & 0xff;
      this.putByte(byte);
      if (byte === 0xff) this.putByte(0);
      this.bitCount -= 8;
    }
    this.bits &= (1 << this.bitCount) - 1;
  }

  private putByte(byte: number): void {
    if (this.length === this.out.length) {
      const bigger = Buffer.allocUnsafe(this.out.length * 2);
      this.out.copy(bigger, 0, 0, this.length);
      this.out = bigger;
    }
    this.out[this.length++] = byte;
  }

  private putWord(word: number): void {
    this.putByte(word >>> 8);
    this.putByte(word & 0xff);
  }

  private putBytes(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.putByte(bytes[i] as number);
  }

  private writeHeaders(): void {
    this.putWord(0xffd8); // SOI
    // APP0: JFIF 1.1, no units, 1:1, no thumbnail
    this.putBytes([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
    this.putBytes([0xff, 0xdb, 0, 132, 0]); // DQT: luma table 0, chroma table 1
    this.putBytes(this.y.zigzag);
    this.putByte(1);
    this.putBytes(this.uv.zigzag);
    // SOF0: 8-bit, height, width, Y 2x2 (table 0), Cb and Cr 1x1 (table 1)
    this.putBytes([0xff, 0xc0, 0, 17, 8]);
    this.putWord(this.height);
    this.putWord(this.width);
    this.putBytes([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    this.putBytes([0xff, 0xc4, 0x01, 0xa2]); // DHT: the four standard tables
    for (const [id, counts, values] of [
      [0x00, DC_LUMINANCE_COUNTS, DC_VALUES],
      [0x10, AC_LUMINANCE_COUNTS, AC_LUMINANCE_VALUES],
      [0x01, DC_CHROMINANCE_COUNTS, DC_VALUES],
      [0x11, AC_CHROMINANCE_COUNTS, AC_CHROMINANCE_VALUES],
    ] as const) {
      this.putByte(id);
      this.putBytes(counts);
      this.putBytes(values);
    }
    // SOS: Y with tables 0/0, Cb and Cr with 1/1, spectral 0..63
    this.putBytes([0xff, 0xda, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);
  }
}
