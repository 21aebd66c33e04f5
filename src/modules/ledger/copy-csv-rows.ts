import { Readable, type Duplex, type ReadableOptions } from 'node:stream';
import type { Connection } from 'pg';

// Protocol message codes (https://www.postgresql.org/docs/current/protocol-message-formats.html),
// shared with copy-out.ts.
export const ERROR_RESPONSE = 0x45; // E
export const COPY_OUT_RESPONSE = 0x48; // H
export const COPY_DATA = 0x64; // d
export const COPY_DONE = 0x63; // c
export const NOTIFICATION_RESPONSE = 0x41; // A
export const NOTICE_RESPONSE = 0x4e; // N
export const PARAMETER_STATUS = 0x53; // S
const LF = 0x0a;
const CR = 0x0d;

/** The rows a COPY's command tag (`COPY n`) reports; undefined for any other tag. */
export function copiedRows(tag: string | undefined): number | undefined {
  const match = /^COPY (\d+)$/.exec(tag ?? '');
  return match ? Number(match[1]) : undefined;
}

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
  /** Bytes of a message header cut by a socket read, joined to the next read. */
  private carry: Buffer | null = null;
  /** Inside a message: its code and how many of its bytes are still to come. */
  private inMessage = false;
  private code = 0;
  private remaining = 0;

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
    // the stream ended at CopyDone
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
    let buf = chunk;
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const n = buf.length;
    const out = Buffer.allocUnsafe(n + 1);
    let o = 0;
    let i = 0;
    let done = false;
    while (i < n) {
      if (this.inMessage) {
        const take = Math.min(n - i, this.remaining);
        if (this.code === COPY_DATA) {
          if (take === this.remaining) {
            // The message (the row) ends in this read: its last byte is the row's LF.
            if (take > 1) {
              buf.copy(out, o, i, i + take - 1);
              o += take - 1;
            }
            const last = buf[i + take - 1] as number;
            if (last === LF) {
              out[o++] = CR;
            }
            out[o++] = last;
            this.rowCount += 1;
          } else {
            buf.copy(out, o, i, i + take);
            o += take;
          }
        }
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          this.inMessage = false;
          if (!this.continuesCopy(this.code)) {
            done = true; // CopyDone (or anything else that ends copy-out mode)
            break;
          }
        }
        continue;
      }
      const code = buf[i] as number;
      if (code === ERROR_RESPONSE) {
        // `pg` parses the error and fails the query (handleError).
        this.pushOut(out, o);
        this.detach(buf.subarray(i));
        return false;
      }
      if (n - i < 5) {
        this.carry = Buffer.from(buf.subarray(i));
        break;
      }
      this.code = code;
      this.remaining = buf.readUInt32BE(i + 1) - 4;
      this.inMessage = true;
      i += 5;
      if (this.remaining === 0) {
        this.inMessage = false;
        if (!this.continuesCopy(code)) {
          done = true;
          break;
        }
      }
    }
    const wantsMore = this.pushOut(out, o);
    if (done) {
      this.detach(buf.subarray(i));
      this.push(null);
    }
    return wantsMore;
  }

  private continuesCopy(code: number): boolean {
    return (
      code === COPY_DATA ||
      code === COPY_OUT_RESPONSE ||
      code === PARAMETER_STATUS ||
      code === NOTICE_RESPONSE ||
      code === NOTIFICATION_RESPONSE
    );
  }

  private pushOut(out: Buffer, length: number): boolean {
    return length > 0 ? this.push(out.subarray(0, length)) : true;
  }
}
