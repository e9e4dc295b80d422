import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { CaseDetail, MeetingView, OpenCaseList } from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { GetAgendaDto, GetOpenCasesDto } from './dto/get-agenda.dto';
import { GetCaseDto } from './dto/get-case.dto';
import { MeetingService } from './meeting.service';

/** Case details and the joint-meeting agenda (leader, admin; district users inside their district). */
@Controller('api')
@Roles('leader', 'district', 'admin')
export class MeetingController {
  constructor(private readonly meeting: MeetingService) {}

  /** The open cases of `scope` (default: the city), worst first (most overdue), paged. */
  @Get('cases')
  openCases(
    @Query() q: GetOpenCasesDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: AuthedRequest,
  ): OpenCaseList {
    return this.meeting.openCases(scope, req.principal!, q.state, q.limit, q.offset);
  }

  @Get('cases/:caseId')
  caseDetail(@Param() { caseId }: GetCaseDto, @Req() req: AuthedRequest): Promise<CaseDetail> {
    return this.meeting.caseDetail(caseId, req.principal!);
  }

  /** The agenda of `scope` (default: the city). */
  @Get('meeting')
  agenda(
    @Query() q: GetAgendaDto,
    @Query('scope', ScopePipe) scope: string,
    @Req() req: AuthedRequest,
  ): Promise<MeetingView> {
    return this.meeting.agenda(scope, req.principal!, q.limit);
  }
}
