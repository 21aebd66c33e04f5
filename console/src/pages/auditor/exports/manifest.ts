import { readZip, sha256Hex } from './zip';

/** manifest.json of a reconciliation export (docs/export-format.md). */
export interface ManifestFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: string;
  exportFormat: string;
  exportId: string;
  runId: string;
  schemeCode: string;
  year: number;
  asOf: string;
  inputHash: string;
  outputHash: string;
  journalHeadHash: string | null;
  journalHeadSequence: string | null;
  exportedBy: string;
  exportedAt: string;
  files: ManifestFile[];
}

/** Each listed file as found in the zip: its size and SHA-256 (null when the browser cannot hash). */
export interface Checked {
  bytes: number | null;
  sha256: string | null;
}

export interface Inspection {
  manifest: Manifest | null;
  checked: Record<string, Checked>;
  /** The zip has no manifest.json, or it (or the zip) could not be read. */
  problem: { kind: 'missing' } | { kind: 'unreadable'; detail: string } | null;
}

/** Reads manifest.json from the zip and checks every listed file's size and SHA-256 against it. */
export async function inspectExport(blob: Blob): Promise<Inspection> {
  try {
    const entries = await readZip(await blob.arrayBuffer());
    const manifestEntry = entries.find((e) => e.name === 'manifest.json');
    if (!manifestEntry) {
      return { manifest: null, checked: {}, problem: { kind: 'missing' } };
    }
    const manifest = JSON.parse(new TextDecoder().decode(manifestEntry.data)) as Manifest;
    const checked: Record<string, Checked> = {};
    for (const f of manifest.files) {
      const entry = entries.find((e) => e.name === f.name);
      checked[f.name] = entry ? { bytes: entry.data.byteLength, sha256: await sha256Hex(entry.data) } : { bytes: null, sha256: null };
    }
    return { manifest, checked, problem: null };
  } catch (error) {
    return { manifest: null, checked: {}, problem: { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) } };
  }
}

/** Whether every file matches the manifest (size, and SHA-256 where the browser could compute it). */
export function verdict(inspection: Inspection): { allMatch: boolean; hashed: boolean } {
  const { manifest, checked } = inspection;
  if (manifest === null) {
    return { allMatch: false, hashed: false };
  }
  return {
    allMatch: manifest.files.every((f) => checked[f.name]?.bytes === f.bytes && (checked[f.name]?.sha256 ?? f.sha256) === f.sha256),
    hashed: manifest.files.every((f) => checked[f.name]?.sha256 !== null),
  };
}
