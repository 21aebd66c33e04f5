/**
 * Reads the entries of a downloaded export zip in the browser, so the page can show its
 * manifest.json and check each file against it (docs/export-format.md). Only what the export
 * writes is supported: stored or deflated entries, no zip64, no encryption; anything else is an
 * error with a plain message rather than a wrong answer.
 */

export interface ZipEntry {
  name: string;
  /** The entry's bytes, decompressed. */
  data: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 65_535);
  for (let i = last; i >= first; i -= 1) {
    if (view.getUint32(i, true) === EOCD) {
      return i;
    }
  }
  throw new Error('the download is not a zip file (no end-of-central-directory record)');
}

async function inflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Every entry of the zip, in central-directory order, decompressed. */
export async function readZip(buffer: ArrayBuffer): Promise<ZipEntry[]> {
  const view = new DataView(buffer);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) {
    throw new Error('zip64 archives are not supported here; use `npm run verify-export` on the file');
  }
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let n = 0; n < count; n += 1) {
    if (view.getUint32(p, true) !== CENTRAL) {
      throw new Error('the zip central directory is damaged');
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(new Uint8Array(buffer, p + 46, nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    if ((flags & 0x1) !== 0) {
      throw new Error(`${name} is encrypted`);
    }
    if (view.getUint32(localOffset, true) !== LOCAL) {
      throw new Error(`the local header of ${name} is damaged`);
    }
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const raw = new Uint8Array(buffer, dataStart, compressedSize);
    if (method === 0) {
      entries.push({ name, data: raw.slice() });
    } else if (method === 8) {
      entries.push({ name, data: await inflateRaw(raw) });
    } else {
      throw new Error(`${name} uses compression method ${method}, which this page cannot read`);
    }
  }
  return entries;
}

/** SHA-256 as lowercase hex, or null where the browser offers no Web Crypto (a plain-http host). */
export async function sha256Hex(data: Uint8Array): Promise<string | null> {
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) {
    return null;
  }
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
