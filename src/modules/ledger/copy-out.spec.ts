import { EventEmitter } from 'node:events';
import type { Connection } from 'pg';
import { CopyOutBytes } from './copy-out';

/** A protocol message: code, length (counting itself), body. */
const message = (code: string, body: Buffer | string = Buffer.alloc(0)): Buffer => {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const header = Buffer.alloc(5);
  header.write(code, 0, 'latin1');
  header.writeUInt32BE(b.length + 4, 1);
  return Buffer.concat([header, b]);
};

/** A connection whose socket is an emitter: what the driver's data listener gets after the COPY is recorded. */
function fakeConnection() {
  const stream = new EventEmitter();
  const driverGot: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => driverGot.push(Buffer.from(chunk)));
  const sent: string[] = [];
  const connection = { stream, query: (text: string) => sent.push(text) } as unknown as Connection;
  return { stream, connection, driverGot, sent };
}

const lines = ['a\tb\\tc\n', `${'x'.repeat(300)}\tcafé 🙂\n`, '\\N\t\n'];
const during = Buffer.concat([
  message('H', Buffer.from([0, 0, 2, 0, 0, 0, 0])),
  message('d', lines[0]),
  message('N', 'SNOTICE\0Mhello\0\0'),
  message('d', lines[1]),
  message('S', 'TimeZone\0UTC\0'),
  message('d', lines[2]),
  message('c'),
]);
const after = Buffer.concat([message('C', 'COPY 3\0'), message('Z', 'I')]);

describe('COPY TO gathered from the socket (decision 1930)', () => {
  it('keeps the CopyData bytes in order whatever the chunks, and hands the driver everything after CopyDone', async () => {
    const whole = Buffer.concat([during, after]);
    // Every split point of the stream into two chunks, and one byte at a time.
    const splits: number[][] = [
      ...Array.from({ length: whole.length - 1 }, (_, i) => [i + 1]),
      Array.from({ length: whole.length - 1 }, (_, i) => i + 1),
    ];
    for (const cuts of splits) {
      const { stream, connection, driverGot, sent } = fakeConnection();
      const copy = new CopyOutBytes('COPY x TO STDOUT', 8);
      copy.submit(connection);
      expect(sent).toEqual(['COPY x TO STDOUT']);
      let from = 0;
      for (const cut of [...cuts, whole.length]) {
        stream.emit('data', whole.subarray(from, cut));
        from = cut;
      }
      expect(Buffer.concat(driverGot)).toEqual(after);
      expect(stream.listeners('data')).toHaveLength(1);
      expect(copy.rows).toBe(-1);
      copy.handleCommandComplete({ text: `COPY ${lines.length}` });
      copy.handleReadyForQuery();
      expect((await copy.result).toString('utf8')).toBe(lines.join(''));
      expect(copy.rows).toBe(lines.length);
    }
  });

  it('hands an error to the driver from its header on and rejects with the error the driver reports', async () => {
    const error = Buffer.concat([message('E', 'SERROR\0C22012\0Mdivision by zero\0\0'), message('Z', 'I')]);
    const whole = Buffer.concat([message('H', Buffer.from([0, 0, 0])), message('d', 'a\n'), error]);
    for (let cut = 1; cut < whole.length; cut += 1) {
      const { stream, connection, driverGot } = fakeConnection();
      const copy = new CopyOutBytes('COPY x TO STDOUT');
      copy.submit(connection);
      stream.emit('data', whole.subarray(0, cut));
      stream.emit('data', whole.subarray(cut));
      expect(Buffer.concat(driverGot)).toEqual(error);
      copy.handleError(new Error('division by zero'));
      copy.handleReadyForQuery();
      await expect(copy.result).rejects.toThrow('division by zero');
    }
  });

  it('gives the driver its connection back when the connection fails during the COPY', async () => {
    const { stream, connection } = fakeConnection();
    const copy = new CopyOutBytes('COPY x TO STDOUT');
    copy.submit(connection);
    stream.emit('data', message('H', Buffer.from([0, 0, 0])).subarray(0, 3));
    copy.handleError(new Error('Connection terminated unexpectedly'));
    await expect(copy.result).rejects.toThrow('terminated');
    expect(stream.listeners('data')).toHaveLength(1);
  });
});
