import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  PERIODS,
  RANKING_TIERS,
  type ClientToServerEvents,
  type Presentation,
  type PresentTarget,
  type ServerToClientEvents,
} from '@gridwall/shared';
import type { Namespace, Socket } from 'socket.io';
import { AreasService } from '../areas/areas.service';
import { DETAIL_ROLES } from '../auth/principal';
import { FloodGuard } from '../live/flood-guard';
import type { SocketData } from '../live/live.gateway';
import { LiveService } from '../live/live.service';
import { MeetingService } from './meeting.service';
import { PresenterService, publicCase } from './presenter.service';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;
const CHANNEL = /^[A-Za-z0-9._:\u4e00-\u9fa5-]{1,64}$/;
const CASE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Case details and presenter mode on `/live`: a tablet follows a case (its details are sent
 * again whenever it changes), and a presenter puts a case or a unit on the wall screens that
 * watch its channel. Details go only to roles allowed them (district users: own district);
 * walls get the public view of a case.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class MeetingGateway implements OnGatewayInit {
  private readonly logger = new Logger(MeetingGateway.name);

  @WebSocketServer()
  server: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly meeting: MeetingService,
    private readonly presenter: PresenterService,
    private readonly live: LiveService,
    private readonly areas: AreasService,
    private readonly flood: FloodGuard,
  ) {}

  afterInit(): void {
    // Re-send the details of changed cases to the sockets following them here, and refresh a
    // presented case on the walls watching it.
    this.live.onCasesChanged((ids) => {
      void this.refreshPresentations(ids);
      for (const id of ids) {
        const room = `case:${id}`;
        const sockets = this.server.adapter.rooms.get(room);
        if (!sockets || sockets.size === 0) continue;
        for (const sid of sockets) {
          const socket = this.server.sockets.get(sid) as LiveSocket | undefined;
          if (socket) void this.sendCase(socket, id);
        }
      }
    });
  }

  /** Channels presenting one of these cases get the case's new public view (this instance's presentations). */
  private async refreshPresentations(ids: string[]): Promise<void> {
    for (const [channel, p] of this.presenting) {
      if (p.target?.kind !== 'case' || !ids.includes(p.target.caseId)) continue;
      try {
        const detail = await this.meeting.caseDetail(p.target.caseId, {
          role: 'leader',
          name: 'system',
          districtCode: null,
          tokenId: null,
          kind: 'env',
        });
        const next = { ...p, case: publicCase(detail) };
        this.presenting.set(channel, next);
        await this.presenter.set(next);
        this.server.to(`present:${channel}`).emit('presenting', next);
      } catch (err) {
        this.logger.warn(`cannot refresh presentation on ${channel}: ${(err as Error).message}`);
      }
    }
  }

  /** Presentations started on this instance (bounded by the presenter store's channel limit). */
  private readonly presenting = new Map<string, Presentation>();

  @SubscribeMessage('case-subscribe')
  async caseSubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    if (!this.flood.allow(socket)) return;
    const caseId = (body as { caseId?: unknown } | null)?.caseId;
    if (typeof caseId !== 'string' || !CASE_ID.test(caseId))
      return this.error(socket, 400, 'caseId: must be 1–64 characters of [A-Za-z0-9._:-]');
    if (await this.sendCase(socket, caseId)) await socket.join(`case:${caseId}`);
  }

  @SubscribeMessage('case-unsubscribe')
  async caseUnsubscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    const caseId = (body as { caseId?: unknown } | null)?.caseId;
    if (typeof caseId === 'string') await socket.leave(`case:${caseId}`);
  }

  @SubscribeMessage('present')
  async present(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    if (!this.flood.allow(socket)) return;
    const p = principal(socket);
    if (!DETAIL_ROLES.includes(p.role)) return this.error(socket, 403, `role ${p.role} may not present`);
    const { channel, target } = (body ?? {}) as { channel?: unknown; target?: unknown };
    if (typeof channel !== 'string' || !CHANNEL.test(channel))
      return this.error(socket, 400, 'channel: 1–64 letters, digits or ._:-');
    const parsed = this.parseTarget(target);
    if (typeof parsed === 'string') return this.error(socket, 400, parsed);
    let presentation;
    if (parsed?.kind === 'case') {
      try {
        presentation = {
          channel,
          target: parsed,
          case: publicCase(await this.meeting.caseDetail(parsed.caseId, p)),
          presenter: p.name,
        };
      } catch (err) {
        const status = (err as { getStatus?: () => number }).getStatus?.() ?? 500;
        return this.error(socket, status, (err as Error).message);
      }
    } else {
      presentation = { channel, target: parsed, presenter: p.name };
    }
    await this.presenter.set(presentation);
    if (presentation.target?.kind === 'case') {
      if (this.presenting.size >= 100 && !this.presenting.has(channel))
        this.presenting.delete(this.presenting.keys().next().value!);
      this.presenting.set(channel, presentation);
    } else this.presenting.delete(channel);
    this.server.to(`present:${channel}`).emit('presenting', presentation);
    this.logger.log(`${p.name} presents ${parsed ? JSON.stringify(parsed) : 'nothing'} on ${channel}`);
  }

  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<void> {
    if (!this.flood.allow(socket)) return;
    const channel = (body as { channel?: unknown } | null)?.channel;
    if (typeof channel !== 'string' || !CHANNEL.test(channel))
      return this.error(socket, 400, 'channel: 1–64 letters, digits or ._:-');
    await socket.join(`present:${channel}`);
    socket.emit('presenting', await this.presenter.get(channel));
  }

  private parseTarget(raw: unknown): PresentTarget | null | string {
    if (raw === null || raw === undefined) return null;
    if (typeof raw !== 'object') return 'target: must be {kind: case, caseId} or {kind: unit, code, period}';
    const t = raw as Record<string, unknown>;
    if (t.kind === 'case') {
      if (typeof t.caseId !== 'string' || !CASE_ID.test(t.caseId))
        return 'target.caseId: must be 1–64 characters of [A-Za-z0-9._:-]';
      return { kind: 'case', caseId: t.caseId };
    }
    if (t.kind === 'unit') {
      if (typeof t.code !== 'string' || !this.areas.tree.has(t.code))
        return `target.code: unknown area code ${JSON.stringify(t.code)}`;
      if (typeof t.period !== 'string' || !(PERIODS as readonly string[]).includes(t.period))
        return `target.period: one of ${PERIODS.join(', ')}`;
      if (t.tier !== undefined && !(RANKING_TIERS as readonly unknown[]).includes(t.tier))
        return `target.tier: one of ${RANKING_TIERS.join(', ')}`;
      return { kind: 'unit', code: t.code, period: t.period as never, ...(t.tier ? { tier: t.tier as never } : {}) };
    }
    return 'target.kind: must be case or unit';
  }

  /** Sends a case's details if the socket may see them; tells it why not otherwise. */
  private async sendCase(socket: LiveSocket, caseId: string): Promise<boolean> {
    const p = principal(socket);
    if (!DETAIL_ROLES.includes(p.role)) {
      this.error(socket, 403, `role ${p.role} may not see case details`);
      return false;
    }
    try {
      socket.emit('case', await this.meeting.caseDetail(caseId, p));
      return true;
    } catch (err) {
      const status = (err as { getStatus?: () => number }).getStatus?.() ?? 500;
      this.error(socket, status, (err as Error).message);
      await socket.leave(`case:${caseId}`);
      return false;
    }
  }

  private error(socket: LiveSocket, statusCode: number, message: string): void {
    socket.emit('live-error', { statusCode, message });
  }
}

function principal(socket: LiveSocket) {
  return (socket.data as SocketData).principal;
}
