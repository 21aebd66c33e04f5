import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyCsvRows } from './copy-csv-rows';

/** One protocol message: code, length (itself included), payload. */
const message = (code: string, payload: Buffer | string = ''): Buffer => {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const head = Buffer.alloc(5);
  head[0] = code.charCodeAt(0);
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

// Rows as PostgreSQL's COPY … CSV writes them: LF at the end, a line break inside a quoted field kept.
const ROWS = [
  'a,1,plain\n',
  'b,2,"a ""quoted"", comma\nand a second line"\n',
  'c,3,\n',
  'd,4,"\r\n inside, CR LF"\n',
  ...Array.from({ length: 40 }, (_, i) => `e,${5 + i},row ${'x'.repeat(i)}\n`),
];
const AFTER = Buffer.concat([message('C', 'COPY 44\0'), message('Z', 'I')]);

function wire(...middle: Buffer[]): Buffer {
  return Buffer.concat([message('H', Buffer.alloc(3 + 2 * 13)), ...middle, message('c'), AFTER]);
}

/** A stand-in for pg's connection: its socket delivers `bytes` in reads of `size`; what is handed back is kept. */
function connection(bytes: Buffer, size: number) {
  const stream = new PassThrough();
  const handedBack: Buffer[] = [];
  stream.on('data', (d: Buffer) => handedBack.push(d));
  return {
    stream,
    handedBack: () => Buffer.concat(handedBack),
    query: () => {
      setImmediate(() => {
        for (let i = 0; i < bytes.length; i += size) {
          stream.write(bytes.subarray(i, i + size));
        }
      });
    },
  };
}

async function run(bytes: Buffer, size: number): Promise<{ out: Buffer; handedBack: Buffer }> {
  const conn = connection(bytes, size);
  const rows = new CopyCsvRows('COPY (SELECT 1) TO STDOUT WITH (FORMAT csv)');
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  const done = pipeline(rows, sink);
  rows.submit(conn as never);
  await done;
  await new Promise((resolve) => setImmediate(resolve));
  return { out: Buffer.concat(parts), handedBack: conn.handedBack() };
}

describe('CopyCsvRows', () => {
  const expected = ROWS.map((r) => r.replace(/\n$/, '\r\n')).join('');

  it('ends every row with CRLF, whatever the socket reads cut (headers, payloads, row ends), and hands the rest back to pg', async () => {
    const bytes = wire(...ROWS.map((r) => message('d', r)));
    for (const size of [1, 2, 3, 4, 5, 6, 7, 11, 64, 1000, bytes.length]) {
      const { out, handedBack } = await run(bytes, size);
      expect({ size, text: out.toString() }).toEqual({ size, text: expected });
      expect(handedBack.equals(AFTER)).toBe(true);
    }
  });

  it('skips the notices and parameter changes PostgreSQL may send between rows', async () => {
    const bytes = wire(
      message('d', ROWS[0]),
      message('N', 'SNOTICE\0Mhello\0\0'),
      message('d', ROWS[1]),
      message('S', 'TimeZone\0UTC\0'),
      ...ROWS.slice(2).map((r) => message('d', r)),
    );
    for (const size of [1, 5, 64, bytes.length]) {
      expect((await run(bytes, size)).out.toString()).toBe(expected);
    }
  });

  it('gives pg the ErrorResponse (and what follows) so pg can fail the query', async () => {
    const error = Buffer.concat([message('E', 'SERROR\0C57014\0Mcanceled\0\0'), message('Z', 'I')]);
    const bytes = Buffer.concat([message('H', Buffer.alloc(29)), message('d', ROWS[0]), error]);
    const conn = connection(bytes, 3);
    const rows = new CopyCsvRows('COPY');
    const parts: Buffer[] = [];
    rows.on('data', (d: Buffer) => parts.push(d));
    rows.submit(conn as never);
    await new Promise<void>((resolve) => {
      const poll = () => (conn.handedBack().length === error.length ? resolve() : setImmediate(poll));
      poll();
    });
    expect(conn.handedBack().equals(error)).toBe(true);
    expect(Buffer.concat(parts).toString()).toBe('a,1,plain\r\n');
  });
});
