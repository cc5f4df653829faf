// Writes the Teams app icons (color.png 192x192, outline.png 32x32) with a tiny PNG encoder on node:zlib.
// Run from the repository root: node deploy/teams/generate-icons.mjs
/* global console */
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (width*height*4 bytes) as a PNG. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Draws a table glyph: an outlined rectangle with a header row and a first column, in a unit square
 * (0..1), anti-aliased by 4x4 supersampling. Returns coverage 0..1 per pixel.
 */
function tableGlyph(size, box, stroke) {
  const [x0, y0, x1, y1] = box;
  const header = y0 + (y1 - y0) * 0.3;
  const column = x0 + (x1 - x0) * 0.36;
  const half = stroke / 2;
  const bars = [
    [x0 - half, y0 - half, x1 + half, y0 + half],
    [x0 - half, y1 - half, x1 + half, y1 + half],
    [x0 - half, y0 - half, x0 + half, y1 + half],
    [x1 - half, y0 - half, x1 + half, y1 + half],
    [x0, header - half, x1, header + half],
    [column - half, header, column + half, y1],
  ];
  const inside = (u, v) => bars.some(([a, b, c, d]) => u >= a && u <= c && v >= b && v <= d);
  const coverage = new Float64Array(size * size);
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          if (inside((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size)) hits += 1;
        }
      }
      coverage[y * size + x] = hits / (samples * samples);
    }
  }
  return coverage;
}

function colorIcon() {
  const size = 192;
  const background = [0x25, 0x63, 0xeb];
  const glyph = tableGlyph(size, [0.27, 0.3, 0.73, 0.7], 0.045);
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i += 1) {
    const a = glyph[i];
    for (let c = 0; c < 3; c += 1) rgba[i * 4 + c] = Math.round(background[c] * (1 - a) + 255 * a);
    rgba[i * 4 + 3] = 255;
  }
  return encodePng(size, size, rgba);
}

function outlineIcon() {
  const size = 32;
  const glyph = tableGlyph(size, [0.16, 0.22, 0.84, 0.78], 0.07);
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i += 1) {
    rgba.fill(255, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = Math.round(glyph[i] * 255);
  }
  return encodePng(size, size, rgba);
}

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'color.png'), colorIcon());
writeFileSync(join(here, 'outline.png'), outlineIcon());
console.log('wrote color.png (192x192) and outline.png (32x32)');
