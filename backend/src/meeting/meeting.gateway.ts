import { UseFilters, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { caseRoomOf, channelRoomOf, LIVE_NAMESPACE, type CaseDetail, type Presentation } from '@gridwall/shared';
import { DETAIL_ROLES } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import type { LiveSocket } from '../live/live-broadcaster.service';
import { AnswerAs, AnswerInterceptor } from '../live/socket/answer.interceptor';
import { LiveExceptionFilter } from '../live/socket/live-exception.filter';
import { SocketRooms } from '../live/socket/socket-rooms.service';
import { principalOf, WsAuthGuard } from '../live/socket/ws-auth.guard';
import { wsValidationPipe } from '../live/socket/ws-validation.pipe';
import { FollowCaseDto } from './dto/follow-case.dto';
import { PresentDto, WallControlDto, WatchDto } from './dto/present.dto';
import { MeetingService } from './meeting.service';
import { PresenterService } from './presenter.service';

/**
 * Case details and presenter mode on `/live`: a tablet follows a case (its details are sent
 * again whenever it changes: CaseFollowersService), and a presenter puts a case or a unit on
 * the wall screens that watch its channel. Details go only to roles allowed them (district
 * users: own district); walls get the public view of a case.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
@UseGuards(WsAuthGuard)
@UsePipes(wsValidationPipe)
@UseInterceptors(AnswerInterceptor)
@UseFilters(LiveExceptionFilter)
export class MeetingGateway {
  constructor(
    private readonly meeting: MeetingService,
    private readonly presenter: PresenterService,
    private readonly rooms: SocketRooms,
  ) {}

  @SubscribeMessage('case-subscribe')
  @Roles(...DETAIL_ROLES)
  @AnswerAs('case')
  async caseSubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: FollowCaseDto): Promise<CaseDetail> {
    const detail = await this.meeting.caseDetail(req.caseId, principalOf(socket));
    await this.rooms.join(socket, caseRoomOf(req.caseId));
    return detail;
  }

  @SubscribeMessage('case-unsubscribe')
  async caseUnsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() req: FollowCaseDto,
  ): Promise<{ caseId: string }> {
    await socket.leave(caseRoomOf(req.caseId));
    return { caseId: req.caseId };
  }

  @SubscribeMessage('present')
  @Roles(...DETAIL_ROLES)
  present(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: PresentDto): Promise<Presentation> {
    return this.presenter.present(principalOf(socket), req.channel, req.target?.toTarget() ?? null);
  }

  @SubscribeMessage('control')
  @Roles(...DETAIL_ROLES)
  control(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: WallControlDto): Promise<Presentation> {
    return this.presenter.control(principalOf(socket), req);
  }

  @SubscribeMessage('watch')
  @AnswerAs('presenting')
  async watch(@ConnectedSocket() socket: LiveSocket, @MessageBody() req: WatchDto): Promise<Presentation> {
    await this.rooms.join(socket, channelRoomOf(req.channel));
    return this.presenter.get(req.channel);
  }
}
