import { BadRequestException, Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { CaseDetail, MeetingView } from '@gridwall/shared';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { MeetingService } from './meeting.service';

/** Case details and the joint-meeting agenda (leader, admin; district users inside their district). */
@Controller('api')
@Roles('leader', 'district', 'admin')
export class MeetingController {
  constructor(private readonly meeting: MeetingService) {}

  @Get('cases/:caseId')
  caseDetail(@Param('caseId') caseId: string, @Req() req: AuthedRequest): Promise<CaseDetail> {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(caseId))
      throw new BadRequestException('caseId: must be 1–64 characters of [A-Za-z0-9._:-]');
    return this.meeting.caseDetail(caseId, req.principal!);
  }

  @Get('meeting')
  agenda(
    @Query('scope') scope: string | undefined,
    @Query('limit') limit: string | undefined,
    @Req() req: AuthedRequest,
  ): Promise<MeetingView> {
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      throw new BadRequestException('limit: must be an integer from 1 to 500');
    return this.meeting.agenda(scope ?? '410100', req.principal!, n);
  }
}
