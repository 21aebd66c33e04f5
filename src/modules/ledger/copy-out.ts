import type { Client, Connection, Submittable } from 'pg';
import { copiedRows, CopyOutFraming } from './copy-protocol';

interface ConnectionStream {
  listeners(event: 'data'): ((chunk: Buffer) => void)[];
  removeListener(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): void;
}

/**
 * `COPY … TO STDOUT` gathered straight from the connection's socket into one buffer (decision
 * 1930): the CopyData payloads (COPY's text lines) are copied once, from the chunks the socket
 * gives, into a buffer that grows by doubling; no stream, no buffer per chunk or per message, no
 * concatenation at the end. While the COPY runs it takes the connection's data listener over (as
 * pg-copy-streams does); from the first message that is not part of the COPY's data (CopyDone, an
 * error, the command's end) the driver reads the connection again, and the driver's answers to
 * those (`handleError`, `handleReadyForQuery`) settle `result`. Notices and parameter changes that
 * arrive during the COPY are skipped, as pg-copy-streams skips them. The framing is
 * `CopyOutFraming`, shared with `CopyCsvRows` (the journal CSV export), which is a stream with
 * backpressure; this gathers one batch whole, which is all the verification's readers need.
 */
export class CopyOutBytes implements Submittable {
  readonly result: Promise<Buffer>;
  private resolve!: (b: Buffer) => void;
  private reject!: (e: Error) => void;
  private failed = false;
  private stream: ConnectionStream | undefined;
  private driverData: ((chunk: Buffer) => void) | undefined;
  private out: Buffer;
  private length = 0;
  private readonly framing = new CopyOutFraming();

  /** `into`: a buffer to gather into (reused by the caller once it is done with the result), or the size to start with. */
  constructor(
    readonly text: string,
    into: Buffer | number = 1 << 16,
  ) {
    this.out = typeof into === 'number' ? Buffer.allocUnsafe(into) : into;
    this.result = new Promise<Buffer>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.result.catch(() => undefined);
  }

  submit(connection: Connection): void {
    const stream = (connection as unknown as { stream: ConnectionStream }).stream;
    const listeners = stream.listeners('data');
    if (listeners.length !== 1) {
      throw new Error('COPY TO: the connection has no single data listener to take over');
    }
    this.stream = stream;
    this.driverData = listeners[0];
    stream.removeListener('data', this.driverData as (chunk: Buffer) => void);
    stream.on('data', this.onData);
    connection.query(this.text);
  }

  private readonly onData = (chunk: Buffer): void => {
    const rest = this.framing.read(chunk, this.append);
    if (rest !== undefined) {
      this.detach(rest);
    }
  };

  private readonly append = (chunk: Buffer, from: number, to: number): void => {
    const n = to - from;
    if (this.length + n > this.out.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.length + n));
      this.out.copy(bigger, 0, 0, this.length);
      this.out = bigger;
    }
    // A loop for a short row's bytes; a longer one by one native copy from a plain view (Buffer#copy
    // validates and makes a view per call: 575 ns a row of 330 bytes, measured).
    if (n < 64) {
      const out = this.out;
      let o = this.length;
      for (let k = from; k < to; k += 1) {
        out[o++] = chunk[k] as number;
      }
    } else {
      this.out.set(new Uint8Array(chunk.buffer, chunk.byteOffset + from, n), this.length);
    }
    this.length += n;
  };

  private detach(rest: Buffer): void {
    const stream = this.stream as ConnectionStream;
    const driverData = this.driverData as (chunk: Buffer) => void;
    stream.removeListener('data', this.onData);
    stream.on('data', driverData);
    if (rest.length > 0) {
      driverData(rest);
    }
  }

  handleError(error: Error): void {
    this.failed = true;
    if (this.stream !== undefined && this.stream.listeners('data').includes(this.onData)) {
      this.detach(Buffer.alloc(0));
    }
    this.reject(error);
  }

  /** Rows the COPY sent, from its command tag (`COPY n`); -1 until it has completed. */
  rows = -1;

  handleCommandComplete(message: { text?: string }): void {
    this.rows = copiedRows(message.text) ?? -1;
  }

  handleReadyForQuery(): void {
    if (!this.failed) {
      this.resolve(this.out.subarray(0, this.length));
    }
  }
}

/**
 * The whole output of a `COPY … TO STDOUT` as the bytes of its text lines, gathered into `into`
 * (grown into a new buffer when too small) or a new buffer of that size.
 */
export function copyOutBytes(client: Client, sql: string, into?: Buffer | number): Promise<Buffer> {
  return client.query(new CopyOutBytes(sql, into)).result;
}

/** As `copyOutBytes`, with the number of rows the COPY sent (its command tag). */
export async function copyOutRows(client: Client, sql: string, into?: Buffer | number): Promise<{ bytes: Buffer; rows: number }> {
  const copy = new CopyOutBytes(sql, into);
  const bytes = await client.query(copy).result;
  return { bytes, rows: copy.rows };
}

/** The whole buffer a result of `copyOutBytes` is the start of (to gather into again). */
export const gatheredInto = (result: Buffer): Buffer =>
  Buffer.from(result.buffer, result.byteOffset, result.buffer.byteLength - result.byteOffset);
