import { describe, expect, it } from 'vitest';
import { channelName, presentationText } from './presenter';

describe('presentationText', () => {
  const names = (code: string) => (code === '410102' ? '中原区' : code);

  it('names the presented case or unit and the presenter', () => {
    expect(presentationText(null, names)).toBe('未投屏');
    expect(
      presentationText(
        { channel: 'c', target: { kind: 'unit', code: '410102', period: 'week' }, presenter: 'leader' },
        names,
      ),
    ).toBe('正在投屏：中原区 本周（leader）');
    expect(presentationText({ channel: 'c', target: { kind: 'case', caseId: 'C1' } }, names)).toBe('正在投屏：案件 C1');
  });
});

describe('channelName', () => {
  it('accepts the default room name and refuses what the server refuses', () => {
    expect(channelName(' 联席会议室 ')).toBe('联席会议室');
    expect(channelName('room-2')).toBe('room-2');
    expect(channelName('')).toBeNull();
    expect(channelName('a b')).toBeNull();
    expect(channelName('x'.repeat(65))).toBeNull();
  });
});
