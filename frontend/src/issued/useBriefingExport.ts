/**
 * "导出通报": downloads the briefing (通报) of an issued period and scope with the session's
 * token (fetch → Blob → a download), saying in Chinese what it is doing and why it failed. One
 * download at a time; an answer that arrives after the page moved on is still saved (the
 * person asked for it), but never two at once.
 */
import { ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue';
import { periodLabel } from '@gridwall/shared';
import { goToLogin } from '../features/login/session';
import { ApiError, fetchFile, saveFile, type DownloadedFile } from '../utils/http';
import { briefingFilePath, type BriefingFormat, type IssuedPeriodRef } from './issuedPaths';

/** What is exported: an issued period and a scope (with its name, for the file's fallback name). */
export interface BriefingTarget {
  ref: IssuedPeriodRef;
  scope: string;
  scopeName: string;
}

/** Chinese names of the formats. */
export const FORMAT_ZH: Record<BriefingFormat, string> = { pdf: 'PDF', xlsx: 'Excel' };

/** The file name used when the server names none: 郑州市2026年第48周通报.pdf. */
export function fallbackFilename(target: BriefingTarget, format: BriefingFormat): string {
  return `${target.scopeName}${periodLabel(target.ref.kind, target.ref.period)}通报.${format}`;
}

/** Why an export failed, in Chinese. */
export function exportErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return '导出失败：无法连接服务器，请检查网络后重试';
    if (error.status === 404) return '导出失败：该期通报不存在';
    if (error.status === 403) return '导出失败：无权导出该通报';
    return `导出失败（${error.status}），请稍后重试`;
  }
  return '导出失败，请稍后重试';
}

/** What {@link useBriefingExport} returns. */
export interface UseBriefingExportReturn {
  /** The format being downloaded; null when idle. */
  busy: Readonly<Ref<BriefingFormat | null>>;
  /** What happened last, in Chinese; empty before the first export. */
  message: Readonly<Ref<string>>;
  /** Whether the last export failed. */
  failed: Readonly<Ref<boolean>>;
  /** Downloads the briefing of the current target in `format`. */
  download(format: BriefingFormat): Promise<void>;
}

/** Options of {@link useBriefingExport}. */
export interface UseBriefingExportOptions {
  /**
   * The fetch to use.
   * @default fetch
   */
  fetcher?: typeof fetch;
  /**
   * Hands the file to the browser.
   * @default saveFile
   */
  save?: (file: DownloadedFile) => void;
}

/** Exports the briefing of `target` (null: nothing to export) with `token`. */
export function useBriefingExport(
  target: MaybeRefOrGetter<BriefingTarget | null>,
  token: string,
  options: UseBriefingExportOptions = {},
): UseBriefingExportReturn {
  const { fetcher = fetch, save = saveFile } = options;
  const busy = ref<BriefingFormat | null>(null);
  const message = ref('');
  const failed = ref(false);

  async function download(format: BriefingFormat): Promise<void> {
    const t = toValue(target);
    if (!t || busy.value) return;
    busy.value = format;
    failed.value = false;
    message.value = `正在生成${FORMAT_ZH[format]}通报，请稍候…`;
    try {
      const file = await fetchFile(
        briefingFilePath(t.ref, t.scope, format),
        token,
        fallbackFilename(t, format),
        fetcher,
      );
      save(file);
      message.value = `已下载：${file.filename}`;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) goToLogin();
      failed.value = true;
      message.value = exportErrorText(e);
    } finally {
      busy.value = null;
    }
  }

  return { busy, message, failed, download };
}
