import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

const TEAMS_DIR = path.resolve(__dirname, '..', '..', 'deploy', 'teams');
const raw = readFileSync(path.join(TEAMS_DIR, 'manifest.json'), 'utf8');
const manifest = JSON.parse(raw);

/** Decodes an 8-bit RGBA, non-interlaced PNG whose rows use filter 0 (what generate-icons.mjs writes). */
function readPng(file: string): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  const bytes = readFileSync(path.join(TEAMS_DIR, file));
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9], body[12]]).toEqual([8, 6, 0]);
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(data));
  const stride = width * 4 + 1;
  for (let y = 0; y < height; y += 1) expect(pixels[y * stride]).toBe(0);
  return {
    width,
    height,
    pixel: (x, y) => [...pixels.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)],
  };
}

describe('Teams app manifest template (deploy/teams)', () => {
  test('is manifest v1.16+ with the bot id placeholder, the three scopes and the help / show sql commands', () => {
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.16);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
    expect(manifest.id).toBe('${{MICROSOFT_APP_ID}}');
    expect(manifest.bots).toHaveLength(1);
    const [bot] = manifest.bots;
    expect(bot.botId).toBe('${{MICROSOFT_APP_ID}}');
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['help', 'show sql']);
  });

  test('keeps within the schema length limits', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    for (const command of manifest.bots[0].commandLists[0].commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
  });

  test('uses only the documented placeholders', () => {
    const placeholders = new Set([...raw.matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual([
      'BOT_DOMAIN',
      'DEVELOPER_NAME',
      'MICROSOFT_APP_ID',
      'PRIVACY_URL',
      'PUBLIC_URL',
      'TERMS_OF_USE_URL',
    ]);
    const readme = readFileSync(path.resolve(TEAMS_DIR, '..', 'README.md'), 'utf8');
    for (const name of placeholders) expect(readme).toContain(`\${{${name}}}`);
  });

  test('the icons are a 192x192 colour PNG and a 32x32 white-on-transparent outline PNG', () => {
    const color = readPng(manifest.icons.color);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixel(0, 0)[3]).toBe(255);
    const outline = readPng(manifest.icons.outline);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    for (let y = 0; y < 32; y += 1) {
      for (let x = 0; x < 32; x += 1) {
        const [r, g, b, a] = outline.pixel(x, y);
        expect([r, g, b]).toEqual([255, 255, 255]);
        alphas.add(a);
      }
    }
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
  });
});
