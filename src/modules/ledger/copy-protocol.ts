// Protocol message codes (https://www.postgresql.org/docs/current/protocol-message-formats.html):
// CopyData and CopyDone are shared with the COPY writer (copy-in.ts); the rest only the framing reads.
const COPY_OUT_RESPONSE = 0x48; // H
export const COPY_DATA = 0x64; // d
export const COPY_DONE = 0x63; // c
const NOTIFICATION_RESPONSE = 0x41; // A
const NOTICE_RESPONSE = 0x4e; // N
const PARAMETER_STATUS = 0x53; // S

/** The rows a COPY's command tag (`COPY n`) reports; undefined for any other tag. */
export function copiedRows(tag: string | undefined): number | undefined {
  const match = /^COPY (\d+)$/.exec(tag ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Receives the CopyData payload bytes `chunk[from, to)`; `rowEnds` when they are the last of their
 * message. PostgreSQL sends each row of a COPY TO as one CopyData message ("messages sent from the
 * backend will always correspond to single data rows", protocol flow, Copy Operations), so the
 * message's end is the row's end, whatever the row's text holds.
 */
export type CopyPayload = (chunk: Buffer, from: number, to: number, rowEnds: boolean) => void;

/** Messages a server may send while COPY TO runs: the COPY's own, and what it may send between rows. */
const duringCopy = (code: number): boolean =>
  code === COPY_DATA ||
  code === COPY_OUT_RESPONSE ||
  code === NOTICE_RESPONSE ||
  code === PARAMETER_STATUS ||
  code === NOTIFICATION_RESPONSE;

/**
 * The message framing of a `COPY … TO STDOUT` as it comes off the socket, in reads cut anywhere
 * (a header or a payload split between two reads): the one parser behind `CopyOutBytes` (the
 * verification's readers) and `CopyCsvRows` (the journal CSV export), which differ only in what
 * they do with the payload and in how they take the socket over from `pg`. CopyData payloads go
 * to the caller; the CopyOutResponse, notices, parameter changes and notifications that may come
 * during the COPY are skipped, as pg-copy-streams skips them. The COPY ends at CopyDone, or at
 * any other message (an ErrorResponse), which is the driver's to read from its header on.
 */
export class CopyOutFraming {
  // A message header cut by a socket read, completed by the next.
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  private code = 0;
  private remaining = 0;
  /** How the COPY ended: at CopyDone (true), at another message such as an error (false), not yet (undefined). */
  endedAtCopyDone: boolean | undefined;

  /**
   * One socket read. Undefined while the COPY goes on after it; once it has ended, the bytes that
   * are the driver's: those after CopyDone, or the message that ended it from its header on.
   */
  read(chunk: Buffer, payload: CopyPayload): Buffer | undefined {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        if (this.code === COPY_DATA) {
          payload(chunk, i, i + n, this.remaining === 0);
        }
        i += n;
        continue;
      }
      // A message header: its code and length (which counts itself, not the code).
      let code: number;
      let length: number;
      const start = i;
      if (this.headerLength > 0 || chunk.length - i < 5) {
        const n = Math.min(5 - this.headerLength, chunk.length - i);
        chunk.copy(this.header, this.headerLength, i, i + n);
        this.headerLength += n;
        i += n;
        if (this.headerLength < 5) {
          return undefined;
        }
        code = this.header[0] as number;
        length = this.header.readUInt32BE(1) - 4;
      } else {
        code = chunk[i] as number;
        length = chunk.readUInt32BE(i + 1) - 4;
        i += 5;
      }
      const split = this.headerLength === 5;
      this.headerLength = 0;
      if (duringCopy(code)) {
        this.code = code;
        this.remaining = length;
        continue;
      }
      if (code === COPY_DONE && length === 0) {
        this.endedAtCopyDone = true;
        return chunk.subarray(i);
      }
      this.endedAtCopyDone = false;
      return split ? Buffer.concat([this.header, chunk.subarray(i)]) : chunk.subarray(start);
    }
    return undefined;
  }
}
