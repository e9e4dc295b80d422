import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { caseRoomOf } from '@gridwall/shared';
import { LiveBroadcaster, type LiveSocket } from '../live/live-broadcaster.service';
import { LIVE_APPLIED, type LiveApplied } from '../live/live-engine.service';
import { toLiveError } from '../live/socket/live-exception.filter';
import { principalOf } from '../live/socket/ws-auth.guard';
import { MeetingService } from './meeting.service';
import { PresenterService } from './presenter.service';

/**
 * Keeps followed cases current: when committed events change a case, every socket of this
 * instance following it gets its details again (as its own principal may see them), and walls
 * presenting it get its new public view.
 */
@Injectable()
export class CaseFollowersService {
  constructor(
    private readonly meeting: MeetingService,
    private readonly presenter: PresenterService,
    private readonly broadcaster: LiveBroadcaster,
  ) {}

  @OnEvent(LIVE_APPLIED)
  onApplied({ caseIds }: LiveApplied): void {
    void this.presenter.refreshCases(caseIds);
    for (const id of caseIds) {
      for (const socket of this.broadcaster.localSockets(caseRoomOf(id))) void this.resend(socket, id);
    }
  }

  private async resend(socket: LiveSocket, caseId: string): Promise<void> {
    try {
      socket.emit('case', await this.meeting.caseDetail(caseId, principalOf(socket)));
    } catch (err) {
      socket.emit('live-error', toLiveError(err));
      await socket.leave(caseRoomOf(caseId));
    }
  }
}
