import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonLines, LinesWriter } from '../../src/text';

/**
 * A snapshot file written line by line and from byte ranges of another file: what it holds is the lines and
 * ranges in the order given, whatever the buffering and the runs of adjacent ranges.
 */
describe('LinesWriter', () => {
  it('interleaves written lines and copied ranges in order, and counts its bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-lines-'));
    const source = path.join(dir, 'a.jsonl');
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ i, text: `é${'x'.repeat(i * 37)}` }),
    );
    fs.writeFileSync(source, lines.map((l) => `${l}\n`).join(''));
    const places = [...jsonLines(source)];
    const target = path.join(dir, 'b.jsonl');
    const writer = new LinesWriter(target);
    const expected: string[] = [];
    places.forEach((p, i) => {
      if (i % 7 === 3) {
        const at = writer.position;
        const text = `{"fresh":${i},"note":"ü"}\n`;
        expect(writer.write(text)).toBe(Buffer.byteLength(text));
        expect(writer.position).toBe(at + Buffer.byteLength(text));
        expected.push(text);
      } else {
        // adjacent lines of the source: copied as one run
        writer.copy(source, p.offset, p.bytes + 1);
        expected.push(`${lines[i]}\n`);
      }
    });
    writer.close();
    const written = fs.readFileSync(target, 'utf8');
    expect(written).toBe(expected.join(''));
    expect(writer.position).toBe(Buffer.byteLength(written));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
