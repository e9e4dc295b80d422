/**
 * Authorised REST reads (`Authorization: Bearer <token>`, api.md §4) with Chinese error texts:
 * JSON reads and file downloads. No navigation here: the tablet pages end their session on a
 * 401 (features/login/session.ts), a wall keeps showing what it has.
 */

/** A refused or failed REST call. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 for a network failure. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The Chinese text of a refused call's status. */
export function statusText(status: number): string {
  if (status === 0) return '无法连接服务器';
  if (status === 401) return '登录已失效';
  if (status === 403) return '无权查看';
  if (status === 404) return '未找到';
  return `请求失败（${status}）`;
}

/** GETs `path` with `token`; rejects with an {@link ApiError} for a network failure or a non-2xx answer. */
export async function authorizedGet(path: string, token: string, fetcher: typeof fetch = fetch): Promise<Response> {
  let res: Response;
  try {
    res = await fetcher(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, statusText(0));
  }
  if (!res.ok) throw new ApiError(res.status, statusText(res.status));
  return res;
}

/** GETs a JSON read with `token` (see {@link authorizedGet}). */
export async function getJson<T>(path: string, token: string, fetcher: typeof fetch = fetch): Promise<T> {
  return (await (await authorizedGet(path, token, fetcher)).json()) as T;
}

/**
 * The file name of a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 5987, for Chinese
 * names) before `filename="…"`; `fallback` when there is neither.
 */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1] ?? '').trim();
  return name || fallback;
}

/** A downloaded file. */
export interface DownloadedFile {
  blob: Blob;
  /** From the answer's Content-Disposition, else the fallback. */
  filename: string;
}

/** GETs the file at `path` with `token` as a Blob, named as the server names it. */
export async function fetchFile(
  path: string,
  token: string,
  fallbackName: string,
  fetcher: typeof fetch = fetch,
): Promise<DownloadedFile> {
  const res = await authorizedGet(path, token, fetcher);
  let blob: Blob;
  try {
    blob = await res.blob();
  } catch {
    throw new ApiError(0, statusText(0));
  }
  return { blob, filename: filenameOf(res.headers.get('content-disposition'), fallbackName) };
}

/**
 * Hands `file` to the browser as a download: an object URL on a temporary `<a download>`,
 * revoked once the click was dispatched (the browser keeps the data for the download).
 */
export function saveFile(file: DownloadedFile, doc: Document = document): void {
  const url = URL.createObjectURL(file.blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking at once can cancel the download in some browsers; a moment later is safe.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
