import { unzipSync } from 'fflate';

/**
 * Reads the entries of a downloaded export zip in the browser (fflate), so the page can show its
 * manifest.json and check each file against it (docs/export-format.md).
 */
export interface ZipEntry {
  name: string;
  /** The entry's bytes, decompressed. */
  data: Uint8Array;
}

/** Every entry of the zip, decompressed, in archive order; a plain error if it is not a zip. */
export function readZip(buffer: ArrayBuffer): Promise<ZipEntry[]> {
  // Synchronous: fflate's asynchronous unzip starts workers from blob: URLs, which the console's
  // Content-Security-Policy does not allow; exports are a few megabytes at most.
  try {
    const files = unzipSync(new Uint8Array(buffer));
    return Promise.resolve(Object.entries(files).map(([name, data]) => ({ name, data })));
  } catch (error) {
    return Promise.reject(new Error(`the download is not a readable zip file: ${(error as Error).message}`));
  }
}

/** Hex SHA-256 with Web Crypto; null where the browser does not offer it (plain http off localhost). */
export async function sha256Hex(data: Uint8Array): Promise<string | null> {
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) {
    return null;
  }
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
