// Draws the app's icons (public/icons/*.png): a white medical cross on the bar's blue, with a
// red alert dot. Run once after changing the design: `node scripts/make-icons.mjs`. The PNGs are
// committed; nothing runs this at build time.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BLUE = [0x0b, 0x5c, 0xab];
const WHITE = [0xff, 0xff, 0xff];
const RED = [0xd6, 0x28, 0x28];

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG of size × size whose pixel (x, y) in 0..1 coordinates is `paint(x, y)`. */
function png(size, paint) {
  const raw = Buffer.alloc(size * (1 + size * 4));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 4);
    for (let x = 0; x < size; x++) {
      const [r, g, b, a = 255] = paint((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b, a], row + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The mark within a square of side `scale` centred on the icon: cross and alert dot. */
function mark(x, y, scale) {
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  const dot = Math.hypot(u - 0.78, v - 0.22) < 0.13;
  if (dot) return RED;
  const bar = (a, b) => Math.abs(a - 0.5) < 0.13 && Math.abs(b - 0.5) < 0.34;
  return bar(u, v) || bar(v, u) ? WHITE : null;
}

/** A rounded square (for "any" icons) or full bleed with the mark in the safe zone (maskable). */
function icon(maskable) {
  return (x, y) => {
    const radius = 0.2;
    const cx = Math.min(Math.max(x, radius), 1 - radius);
    const cy = Math.min(Math.max(y, radius), 1 - radius);
    if (!maskable && Math.hypot(x - cx, y - cy) > radius) return [0, 0, 0, 0];
    return mark(x, y, maskable ? 0.6 : 0.8) ?? BLUE;
  };
}

const files = {
  'icon-192.png': png(192, icon(false)),
  'icon-512.png': png(512, icon(false)),
  'icon-maskable-512.png': png(512, icon(true)),
  'apple-touch-icon-180.png': png(180, icon(true)),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(OUT, name), bytes);
