import { describe, expect, it } from 'vitest';
import { ApiError, fetchFile, filenameOf, getJson } from './http';

describe('filenameOf', () => {
  it('prefers the RFC 5987 name (Chinese names), then the plain one, then the fallback', () => {
    const zh = encodeURIComponent('郑州市2026年第48周通报.pdf');
    expect(filenameOf(`attachment; filename="briefing.pdf"; filename*=UTF-8''${zh}`, 'x')).toBe(
      '郑州市2026年第48周通报.pdf',
    );
    expect(filenameOf('attachment; filename="briefing-2026-W48.xlsx"', 'x')).toBe('briefing-2026-W48.xlsx');
    expect(filenameOf('attachment; filename=plain.pdf', 'x')).toBe('plain.pdf');
    expect(filenameOf(null, 'fallback.pdf')).toBe('fallback.pdf');
    expect(filenameOf("attachment; filename*=UTF-8''%E0%A4%A", 'fallback.pdf')).toBe('fallback.pdf');
  });
});

describe('fetchFile', () => {
  it('sends the bearer token and returns the body as a Blob with the server name', async () => {
    let auth = '';
    const fetcher = (async (_path: string, init?: RequestInit) => {
      auth = new Headers(init?.headers).get('authorization') ?? '';
      return new Response(new Uint8Array([0x25, 0x50, 0x44, 0x46]), {
        headers: { 'content-disposition': 'attachment; filename="a.pdf"' },
      });
    }) as typeof fetch;
    const sut = await fetchFile('/api/x', 'tok', 'fallback.pdf', fetcher);
    expect(auth).toBe('Bearer tok');
    expect(sut.filename).toBe('a.pdf');
    expect(new TextDecoder().decode(await sut.blob.arrayBuffer())).toBe('%PDF');
  });

  it('rejects with the status for a refused call and 0 for a network failure', async () => {
    const refused = (async () => new Response('no', { status: 404 })) as unknown as typeof fetch;
    await expect(fetchFile('/x', 't', 'f', refused)).rejects.toMatchObject({ status: 404, message: '未找到' });
    const down = (async () => {
      throw new TypeError('offline');
    }) as unknown as typeof fetch;
    await expect(getJson('/x', 't', down)).rejects.toBeInstanceOf(ApiError);
    await expect(getJson('/x', 't', down)).rejects.toMatchObject({ status: 0, message: '无法连接服务器' });
  });
});
