/**
 * The presenter control's texts, as pure functions.
 */
import { CHANNEL_PATTERN, PERIOD_ZH } from '@gridwall/shared';
import type { Presentation } from '@gridwall/shared';

/** What the channel shows now, in words ("正在投屏：案件 …" / "未投屏"). */
export function presentationText(p: Presentation | null, unitName: (code: string) => string): string {
  if (!p || !p.target) return '未投屏';
  const by = p.presenter ? `（${p.presenter}）` : '';
  if (p.target.kind === 'case') return `正在投屏：案件 ${p.case?.title ?? p.target.caseId}${by}`;
  return `正在投屏：${unitName(p.target.code)} ${PERIOD_ZH[p.target.period]}${by}`;
}

/** A channel name fit to send (trimmed); null when empty or with characters the server refuses. */
export function channelName(input: string): string | null {
  const name = input.trim();
  return CHANNEL_PATTERN.test(name) ? name : null;
}
