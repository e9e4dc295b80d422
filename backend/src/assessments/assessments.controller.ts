import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import type {
  AssessmentDetail,
  AssessmentHeader,
  AssessmentList,
  BriefingData,
  IssuedOverdueView,
  IssuedRankingView,
  IssuedStatsView,
  RankHistoryView,
} from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { GetRankHistoryDto } from '../stats/dto/get-rank-history.dto';
import { AssessmentsService } from './assessments.service';
import { BriefingFontMissingError, renderBriefingPdf } from './briefing/briefing-pdf';
import { renderBriefingXlsx } from './briefing/briefing-xlsx';
import {
  AssessmentPathDto,
  BriefingQueryDto,
  IssuedOverdueDto,
  IssuedRankingsDto,
  IssuedStatsDto,
  ListAssessmentsDto,
  ReissueDto,
} from './dto/assessment-queries.dto';

/** Rendered briefings kept (a city briefing is ≈ 0.2 MB). */
const RENDER_CACHE_MAX = 16;

/**
 * Issued assessments and briefings (api.md §4). Reads are open to every read role (rankings are
 * public) and carry no reporter data; re-issuing is for admins.
 */
@Controller('api')
export class AssessmentsController {
  /** Rendered briefings by version hash, scope and format: an issued version never changes. */
  private readonly renders = new Map<string, Buffer>();

  constructor(private readonly assessments: AssessmentsService) {}

  private async rendered(data: BriefingData, ext: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const key = `${data.assessment.hash}|${data.assessment.version}|${data.scope.code}|${ext}`;
    const hit = this.renders.get(key);
    if (hit) return hit;
    const body = await render();
    this.renders.set(key, body);
    while (this.renders.size > RENDER_CACHE_MAX) this.renders.delete(this.renders.keys().next().value!);
    return body;
  }

  @Get('assessments')
  async list(@Query() q: ListAssessmentsDto): Promise<AssessmentList> {
    return { items: await this.assessments.list(q.kind, q.limit) };
  }

  @Get('assessments/:kind/:period')
  detail(@Param() p: AssessmentPathDto): Promise<AssessmentDetail> {
    return this.assessments.detail(p.kind, p.period);
  }

  @Get('assessments/:kind/:period/stats')
  stats(
    @Param() p: AssessmentPathDto,
    @Query() q: IssuedStatsDto,
    @Query('scope', ScopePipe) scope: string,
  ): Promise<IssuedStatsView> {
    return this.assessments.stats(p.kind, p.period, scope, q.category, q.version);
  }

  @Get('assessments/:kind/:period/rankings')
  rankings(
    @Param() p: AssessmentPathDto,
    @Query() q: IssuedRankingsDto,
    @Query('scope', ScopePipe) scope: string,
  ): Promise<IssuedRankingView> {
    return this.assessments.rankings(p.kind, p.period, q.tier, scope, q.group, q.version);
  }

  @Get('assessments/:kind/:period/overdue')
  overdue(
    @Param() p: AssessmentPathDto,
    @Query() q: IssuedOverdueDto,
    @Query('scope', ScopePipe) scope: string,
  ): Promise<IssuedOverdueView> {
    return this.assessments.overdue(p.kind, p.period, scope, q.limit, q.version);
  }

  @Get('assessments/:kind/:period/briefing')
  briefing(
    @Param() p: AssessmentPathDto,
    @Query() q: BriefingQueryDto,
    @Query('scope', ScopePipe) scope: string,
  ): Promise<BriefingData> {
    return this.assessments.briefing(p.kind, p.period, scope, q.version);
  }

  @Get('assessments/:kind/:period/briefing.xlsx')
  async briefingXlsx(
    @Param() p: AssessmentPathDto,
    @Query() q: BriefingQueryDto,
    @Query('scope', ScopePipe) scope: string,
    @Res() res: Response,
  ): Promise<void> {
    const data = await this.assessments.briefing(p.kind, p.period, scope, q.version);
    const body = await this.rendered(data, 'xlsx', () => renderBriefingXlsx(data));
    send(res, body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName(data, 'xlsx'));
  }

  @Get('assessments/:kind/:period/briefing.pdf')
  async briefingPdf(
    @Param() p: AssessmentPathDto,
    @Query() q: BriefingQueryDto,
    @Query('scope', ScopePipe) scope: string,
    @Res() res: Response,
  ): Promise<void> {
    const data = await this.assessments.briefing(p.kind, p.period, scope, q.version);
    let body: Buffer;
    try {
      body = await this.rendered(data, 'pdf', () => renderBriefingPdf(data));
    } catch (err) {
      if (err instanceof BriefingFontMissingError) throw new ServiceUnavailableException((err as Error).message);
      throw err;
    }
    send(res, body, 'application/pdf', fileName(data, 'pdf'));
  }

  /** A unit's rank in the issued assessments of a kind (default: the last 12 weeks), oldest first. */
  @Get('rankings/history')
  history(@Query() q: GetRankHistoryDto, @Query('scope', ScopePipe) scope: string): Promise<RankHistoryView> {
    return this.assessments.history(q.kind, q.tier, scope, q.code, q.weeks ?? q.limit);
  }

  /** Issues version n+1 of an ended period, with the admin's reason. */
  @Post('admin/assessments/:kind/:period/reissue')
  @Roles('admin')
  @HttpCode(201)
  reissue(
    @Param() p: AssessmentPathDto,
    @Body() body: ReissueDto,
    @Req() req: AuthedRequest,
  ): Promise<AssessmentHeader> {
    return this.assessments.reissue(p.kind, p.period, body.reason.trim(), req.principal!.name);
  }
}

/** `郑州市-2026-W48-v1.pdf` (ASCII fallback) with the Chinese name in filename*. */
function fileName(data: BriefingData, ext: string): { ascii: string; utf8: string } {
  const a = data.assessment;
  return {
    ascii: `briefing-${data.scope.code}-${a.period}-v${a.version}.${ext}`,
    utf8: `${data.scope.name}${a.label}通报（第${a.version}版）.${ext}`,
  };
}

function send(res: Response, body: Buffer, type: string, name: { ascii: string; utf8: string }): void {
  res.setHeader('Content-Type', type);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`,
  );
  res.setHeader('Cache-Control', 'private, max-age=300');
  res.end(body);
}
