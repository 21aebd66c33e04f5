import { authorisedFetch } from '../auth';

export interface Downloaded {
  blob: Blob;
  /** From Content-Disposition, else the fallback. */
  fileName: string;
}

/** The server's refusal in plain words: its JSON `{ errors: [{ message }] }` or the status. */
async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { message?: string }[]; error?: string; message?: string };
    const message = body.errors?.[0]?.message ?? body.message ?? body.error;
    if (typeof message === 'string' && message !== '') {
      return `${message} (HTTP ${response.status})`;
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return `The server refused the download (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}).`;
}

/** GETs a plain export route with the bearer token and returns the body as a Blob. */
export async function download(token: string | null, url: string, fallbackName: string): Promise<Downloaded> {
  const response = await authorisedFetch(token, url);
  if (!response.ok) {
    throw new Error(await refusal(response));
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const m = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), fileName: m?.[1] ?? fallbackName };
}

/** Hands a Blob to the browser's download manager through an object URL (the CSP allows blob:). */
export function saveBlob(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
