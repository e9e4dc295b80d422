import { Body, Controller, Get, HttpCode, NotFoundException, Post, Query, Req } from '@nestjs/common';
import type { AlertAckResult, AlertList } from '@gridwall/shared';
import { ScopePipe } from '../areas/scope.pipe';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { AlertNotFoundError, AlertsService } from './alerts.service';
import { AckAlertsDto, GetAlertsDto } from './dto/alerts.dto';

/** Alerts (告警): read by every read role (no reporter data); acknowledged on a tablet. */
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** The alerts of `scope` (default: the city) not yet acknowledged, newest first. */
  @Get()
  list(@Query() _q: GetAlertsDto, @Query('scope', ScopePipe) scope: string): AlertList {
    return this.alerts.current(scope);
  }

  /** `{ids}` → acknowledged (audited); a district head only in their district. */
  @Post('ack')
  @HttpCode(200)
  @Roles('leader', 'district', 'admin')
  async ack(@Body() body: AckAlertsDto, @Req() req: AuthedRequest): Promise<AlertAckResult> {
    try {
      return { acknowledged: await this.alerts.acknowledge(body.ids, req.principal!) };
    } catch (err) {
      if (err instanceof AlertNotFoundError) throw new NotFoundException(err.message);
      throw err;
    }
  }
}
