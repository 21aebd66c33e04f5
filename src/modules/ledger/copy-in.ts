import type { Duplex } from 'node:stream';
import type { Connection, Submittable } from 'pg';
import { COPY_DATA, COPY_DONE, copiedRows } from './copy-protocol';

// The frontend's messages of a COPY FROM: CopyData and CopyDone as in copy-protocol, CopyFail 'f'.
const COPY_FAIL = 0x66;
const COPY_DONE_MESSAGE = Buffer.from([COPY_DONE, 0, 0, 0, 4]);

/** One protocol message: its code, its length (itself included) and the text as UTF-8, in one buffer. */
function message(code: number, text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(5 + length);
  out[0] = code;
  out.writeUInt32BE(length + 4, 1);
  out.write(text, 5, 'utf8');
  return out;
}

const copyData = (chunk: string) => message(COPY_DATA, chunk);

/** One `COPY … FROM STDIN` and the text of its rows, in chunks (COPY's text format, lines ending in `\n`). */
export interface CopyIn {
  statement: string;
  chunks: Iterable<string>;
}

/**
 * Several `COPY … FROM STDIN` sent as one simple query, the data of each written right behind it
 * without waiting for the server's CopyInResponse or for the statement before it to end (decision
 * 1990). The server reads the copy data from its socket as each COPY asks for it, so the statements
 * run back to back while Node still produces the later chunks (chunks are pulled, and their rows
 * hashed, as they are written). One round trip for all of them instead of two per COPY.
 *
 * Errors, as the protocol defines them for a COPY in a simple query: the failing COPY's error comes
 * back, the rest of the query text is skipped, and the copy data still arriving is dropped by the
 * server; the surrounding transaction is aborted, so nothing of any of the statements stays. A
 * chunk that throws while it is made (a row that cannot be hashed) sends CopyFail, which fails the
 * COPY under way the same way; `result` then rejects with that error, not with the server's echo
 * of it. `result` resolves with each statement's row count once the server is ready again.
 */
export class CopyInPipelined implements Submittable {
  readonly result: Promise<number[]>;
  /** Every statement's command tag, in order (`BEGIN`, `COPY 500`, `COMMIT`, …), as the server answered. */
  readonly tags: string[] = [];
  private resolve!: (counts: number[]) => void;
  private reject!: (e: Error) => void;
  private readonly counts: number[] = [];
  private settled = false;
  private producerError: Error | undefined;
  private wake: (() => void) | undefined;

  /**
   * `around.before` and `around.after` are plain statements sent in the same query text before the
   * first COPY and after the last (decision 2110: `BEGIN`, the head check, `COMMIT`); an error in
   * any of them skips the rest as for a COPY.
   */
  constructor(
    private readonly copies: readonly CopyIn[],
    private readonly around: { before?: readonly string[]; after?: readonly string[] } = {},
  ) {
    if (copies.length === 0) {
      throw new Error('CopyInPipelined needs at least one COPY');
    }
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    const statements = [...(this.around.before ?? []), ...this.copies.map((c) => c.statement), ...(this.around.after ?? [])];
    connection.query(statements.join(';\n'));
    void this.write(connection.stream);
  }

  /**
   * Writes every COPY's data and end, chunk after chunk as they are made. Waits for the socket to
   * drain when it is full (a batch the server takes slower than Node makes it); stops as soon as
   * the server has answered with an error or the socket is gone.
   */
  private async write(stream: Duplex): Promise<void> {
    for (const copy of this.copies) {
      try {
        for (const chunk of copy.chunks) {
          if (this.settled || !stream.writable) {
            return; // the server has answered with an error (it drops the rest), or the connection is gone
          }
          if (!stream.write(copyData(chunk))) {
            await this.drained(stream);
          }
        }
      } catch (error) {
        this.producerError = error instanceof Error ? error : new Error(String(error));
        if (!this.settled && stream.writable) {
          stream.write(message(COPY_FAIL, `${this.producerError.message}\0`));
        }
        return;
      }
      if (this.settled || !stream.writable) {
        return;
      }
      stream.write(COPY_DONE_MESSAGE);
    }
  }

  /** Until the socket has room again, is closed, or the server has answered. */
  private drained(stream: Duplex): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        this.wake = undefined;
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      this.wake = done;
    });
  }

  handleCopyInResponse(): void {
    // Nothing to wait for: `write`, started in submit, sends every COPY's data without this answer.
  }

  handleCommandComplete(msg: { text?: string }): void {
    this.tags.push(msg.text ?? '');
    const rows = copiedRows(msg.text);
    if (rows !== undefined) {
      this.counts.push(rows);
    }
  }

  handleError(error: Error): void {
    this.settle(() => this.reject(this.producerError ?? error));
  }

  handleReadyForQuery(): void {
    this.settle(() =>
      this.counts.length === this.copies.length
        ? this.resolve(this.counts)
        : this.reject(new Error(`pipelined COPY: ${this.counts.length} of ${this.copies.length} statements completed`)),
    );
  }

  // Not part of a COPY FROM's answer: the rows of a statement in `around` (its result is not read).
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  private settle(then: () => void): void {
    if (!this.settled) {
      this.settled = true;
      this.wake?.();
      then();
    }
  }
}
