import { describe, expect, it } from 'vitest';
import { FakeSocket } from '../testing/fakeSocket';
import { requesterOf } from './liveSocket';

describe('requesterOf', () => {
  it('hands over the acknowledgement, and null when none came in time', () => {
    const socket = new FakeSocket();
    const sut = requesterOf(socket.socket, 1000);
    const answers: unknown[] = [];

    sut('case-subscribe', { caseId: 'C1' }, (a) => answers.push(a));
    sut('case-subscribe', { caseId: 'C2' }, (a) => answers.push(a));
    socket.refuse('case-subscribe', { statusCode: 404, message: 'case C1 unknown' });
    socket.drop('case-subscribe');

    expect(socket.sentOf('case-subscribe')).toEqual([{ caseId: 'C1' }, { caseId: 'C2' }]);
    expect(answers).toEqual([{ ok: false, error: { statusCode: 404, message: 'case C1 unknown' } }, null]);
  });
});
