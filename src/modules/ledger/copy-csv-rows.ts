import { Readable, type Duplex, type ReadableOptions } from 'node:stream';
import type { Connection } from 'pg';
import { copiedRows, CopyOutFraming } from './copy-protocol';

const LF = 0x0a;
const CR = 0x0d;

/** The part of `pg`'s Connection this query uses (the same as pg-copy-streams' `to`). */
type PgConnection = Pick<Connection, 'query'> & { readonly stream: Duplex };

/**
 * `COPY … TO STDOUT WITH (FORMAT csv)` as a `pg` query whose stream gives the CSV rows ending in
 * CRLF (RFC 4180) instead of PostgreSQL's LF, in one pass over the bytes from the socket.
 *
 * PostgreSQL sends each row of a COPY TO in one CopyData message ("messages sent from the backend
 * will always correspond to single data rows", protocol flow, Copy Operations), and a CSV row ends
 * with exactly one LF, the message's last byte; a line break inside a quoted field is never a
 * message's last byte. So the row end is found by the message framing, not by scanning the text
 * for quotes: each message's payload is copied out with its last byte written as CR LF. One output
 * buffer per socket read (at most one byte longer than the read: every header consumed is 5 bytes).
 *
 * The attach/detach dance with `pg`'s connection (take over its socket's reads for the COPY, hand
 * every byte after CopyDone, or from an ErrorResponse on, back to `pg`) follows pg-copy-streams'
 * `to` (MIT), which this replaces for the journal CSV; `pg` calls `submit`, `handleError`,
 * `handleCommandComplete` and `handleReadyForQuery` as it does for that stream.
 */
export class CopyCsvRows extends Readable {
  rowCount = 0;
  private connection: PgConnection | null = null;
  private pgDataHandler: ((data: Buffer) => void) | null = null;
  private readonly onReadableEvent = (): void => this.forward();
  private drained = false;
  private forwarding = false;
  private finished = false;
  private readonly framing = new CopyOutFraming();
  /** The output of the socket read being parsed, and how much of it is written. */
  private out = Buffer.alloc(0);
  private written = 0;

  constructor(
    private readonly text: string,
    options?: ReadableOptions,
  ) {
    super(options);
  }

  submit(connection: Connection): void {
    this.connection = connection;
    const socket = connection.stream;
    const listeners = socket.listeners('data') as ((data: Buffer) => void)[];
    if (listeners.length !== 1) {
      throw new Error(`expected one data listener on the pg socket, found ${listeners.length}`);
    }
    this.pgDataHandler = listeners[0] ?? null;
    socket.removeListener('data', this.pgDataHandler as (data: Buffer) => void);
    socket.pause();
    this.forward();
    socket.on('readable', this.onReadableEvent);
    connection.query(this.text);
  }

  override _read(): void {
    this.drained = true;
    this.forward();
  }

  handleError(error: Error): void {
    this.destroy(error);
  }

  handleCommandComplete(message?: { text?: string }): void {
    this.rowCount = copiedRows(message?.text) ?? this.rowCount;
  }

  handleReadyForQuery(): void {
    // The stream ended at CopyDone, or at an error (handleError destroyed it); a COPY that ended
    // at any other message has nothing more to give either.
    if (this.framing.endedAtCopyDone === false && !this.destroyed) {
      this.push(null);
    }
  }

  private forward(): void {
    if (this.forwarding || !this.drained || !this.connection || this.finished) {
      return;
    }
    this.forwarding = true;
    const socket = this.connection.stream;
    let chunk: Buffer | null;
    while (this.drained && !this.finished && (chunk = socket.read() as Buffer | null) !== null) {
      this.drained = this.parse(chunk);
    }
    this.forwarding = false;
  }

  /** Gives `pg` its socket back, with the bytes read past the COPY (CommandComplete, ReadyForQuery or an error). */
  private detach(unread: Buffer): void {
    this.finished = true;
    const socket = (this.connection as PgConnection).stream;
    const handler = this.pgDataHandler as (data: Buffer) => void;
    socket.removeListener('readable', this.onReadableEvent);
    socket.addListener('data', handler);
    handler(unread);
    // Adding the data listener may have paused the socket mid-handler: resume it after this tick.
    process.nextTick(() => socket.resume());
  }

  /** One socket read: CopyData payloads out with CRLF row ends; false when the reader wants no more now. */
  private parse(chunk: Buffer): boolean {
    // At most one byte longer than the read: a row's LF becomes CR LF, and every row but the first
    // whose end is in this read had its 5-byte header in it too.
    this.out = Buffer.allocUnsafe(chunk.length + 1);
    this.written = 0;
    const rest = this.framing.read(chunk, this.payload);
    const wantsMore = this.pushOut(this.out, this.written);
    if (rest !== undefined) {
      this.detach(rest);
      if (this.framing.endedAtCopyDone === true) {
        this.push(null);
      }
      return false;
    }
    return wantsMore;
  }

  private readonly payload = (chunk: Buffer, from: number, to: number, rowEnds: boolean): void => {
    const out = this.out;
    if (rowEnds && chunk[to - 1] === LF) {
      chunk.copy(out, this.written, from, to - 1);
      this.written += to - 1 - from;
      out[this.written++] = CR;
      out[this.written++] = LF;
    } else {
      chunk.copy(out, this.written, from, to);
      this.written += to - from;
    }
    if (rowEnds) {
      this.rowCount += 1;
    }
  };

  private pushOut(out: Buffer, length: number): boolean {
    return length > 0 ? this.push(out.subarray(0, length)) : true;
  }
}
