import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import type { DownloadedFile } from '../utils/http';
import { ApiError } from '../utils/http';
import { exportErrorText, fallbackFilename, useBriefingExport, type BriefingTarget } from './useBriefingExport';

const target: BriefingTarget = {
  ref: { kind: 'week', period: '2026-W48', version: 1 },
  scope: '410102',
  scopeName: '中原区',
};

/** A fetch answering every path with `body` (status 200 unless told), recording the paths. */
function fakeFetch(body: BodyInit, init: ResponseInit = {}) {
  const paths: string[] = [];
  const fetcher = (async (path: string) => {
    paths.push(path);
    return new Response(body, init);
  }) as typeof fetch;
  return { fetcher, paths };
}

describe('useBriefingExport', () => {
  it('downloads the briefing of the issued period and scope in the chosen format, named by the server', async () => {
    const { fetcher, paths } = fakeFetch('PK\u0003\u0004', {
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('中原区第48周通报.xlsx')}` },
    });
    const saved: DownloadedFile[] = [];
    const sut = effectScope().run(() => useBriefingExport(target, 'tok', { fetcher, save: (f) => saved.push(f) }))!;

    const pending = sut.download('xlsx');
    expect(sut.busy.value).toBe('xlsx');
    expect(sut.message.value).toBe('正在生成Excel通报，请稍候…');
    await pending;

    expect(paths).toEqual(['/api/assessments/week/2026-W48/briefing.xlsx?scope=410102']);
    expect(saved.map((f) => f.filename)).toEqual(['中原区第48周通报.xlsx']);
    expect(sut.busy.value).toBeNull();
    expect(sut.message.value).toBe('已下载：中原区第48周通报.xlsx');
    expect(sut.failed.value).toBe(false);
  });

  it('says in Chinese why an export failed, and saves nothing', async () => {
    const { fetcher } = fakeFetch('boom', { status: 500 });
    const saved: DownloadedFile[] = [];
    const sut = effectScope().run(() => useBriefingExport(target, 'tok', { fetcher, save: (f) => saved.push(f) }))!;
    await sut.download('pdf');
    expect(saved).toEqual([]);
    expect(sut.failed.value).toBe(true);
    expect(sut.message.value).toBe('导出失败（500），请稍后重试');
  });

  it('does nothing without a target, and one download at a time', async () => {
    const { fetcher, paths } = fakeFetch('%PDF');
    const none = effectScope().run(() => useBriefingExport(null, 'tok', { fetcher, save: () => undefined }))!;
    await none.download('pdf');
    const sut = effectScope().run(() => useBriefingExport(target, 'tok', { fetcher, save: () => undefined }))!;
    await Promise.all([sut.download('pdf'), sut.download('pdf')]);
    expect(paths).toHaveLength(1);
  });
});

describe('fallbackFilename / exportErrorText', () => {
  it('names the file by scope and period, and explains failures', () => {
    expect(fallbackFilename(target, 'pdf')).toBe('中原区2026年第48周通报.pdf');
    expect(exportErrorText(new ApiError(0, ''))).toBe('导出失败：无法连接服务器，请检查网络后重试');
    expect(exportErrorText(new ApiError(404, ''))).toBe('导出失败：该期通报不存在');
    expect(exportErrorText(new Error('x'))).toBe('导出失败，请稍后重试');
  });
});
