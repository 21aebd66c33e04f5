import { copiedRows, CopyOutFraming } from './copy-protocol';

/** A protocol message: code, length (counting itself), body. */
const message = (code: string, body = ''): Buffer => {
  const b = Buffer.from(body);
  const header = Buffer.alloc(5);
  header.write(code, 0, 'latin1');
  header.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([header, b]);
};

const rows = ['1\tab\n', `2\t${'x'.repeat(40)}\n`, '3\t"quoted\nline"\n'];
const start = Buffer.concat([message('H', '\0\0\0'), message('d', rows[0]), message('N', 'SNOTICE\0Mhi\0\0'), message('d', rows[1])]);
const last = message('d', rows[2]);

/** Reads `whole` cut at every pair of points; what the payload sink got per read, and the rest handed back. */
function everyCut(whole: Buffer, check: (got: { rows: string[]; rest: Buffer; endedAtCopyDone: boolean | undefined }) => void): void {
  for (let a = 1; a < whole.length; a += 1) {
    for (const b of [a, Math.min(whole.length, a + 3), whole.length]) {
      const framing = new CopyOutFraming();
      const got: string[] = [];
      let row = '';
      let rest: Buffer | undefined;
      const reads = [whole.subarray(0, a), whole.subarray(a, b), whole.subarray(b)].filter((r) => r.length > 0);
      for (const read of reads) {
        expect(rest).toBeUndefined();
        rest = framing.read(read, (chunk, from, to, rowEnds) => {
          row += chunk.toString('latin1', from, to);
          if (rowEnds) {
            got.push(row);
            row = '';
          }
        });
        if (rest !== undefined) {
          // What follows the end in this read is the driver's; later reads never reach the framing.
          rest = Buffer.concat([rest, ...reads.slice(reads.indexOf(read) + 1)]);
          break;
        }
      }
      expect(row).toBe('');
      check({ rows: got, rest: rest ?? Buffer.alloc(0), endedAtCopyDone: framing.endedAtCopyDone });
    }
  }
}

describe('CopyOutFraming: the one COPY TO parser of the verification readers and the CSV export', () => {
  it('gives each row whole, its end marked once, whatever the reads cut, and the bytes after CopyDone back', () => {
    const after = Buffer.concat([message('C', 'COPY 3\0'), message('Z', 'I')]);
    everyCut(Buffer.concat([start, last, message('c'), after]), (got) => {
      expect(got.rows).toEqual(rows);
      expect(got.endedAtCopyDone).toBe(true);
      expect(got.rest.equals(after)).toBe(true);
    });
  });

  it('hands back an error from its header on, even when the header was cut between two reads', () => {
    const error = Buffer.concat([message('E', 'SERROR\0C57014\0Mcanceled\0\0'), message('Z', 'I')]);
    everyCut(Buffer.concat([start, error]), (got) => {
      expect(got.rows).toEqual(rows.slice(0, 2));
      expect(got.endedAtCopyDone).toBe(false);
      expect(got.rest.equals(error)).toBe(true);
    });
  });

  it('reads the row count from the command tag only', () => {
    expect(copiedRows('COPY 12')).toBe(12);
    expect(copiedRows('SELECT 12')).toBeUndefined();
    expect(copiedRows(undefined)).toBeUndefined();
  });
});
