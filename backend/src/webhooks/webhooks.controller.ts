import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { WebhookCreated, WebhookList } from '@gridwall/shared';
import type { AuthedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/roles.decorator';
import { CreateWebhookDto, WebhookIdDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/** Outgoing webhooks (督办推送), admins only. */
@Controller('api/admin/webhooks')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  async list(): Promise<WebhookList> {
    return { items: await this.webhooks.list() };
  }

  /** `{url, kinds, format?, label?, secret?}` → the webhook and its secret, shown once. */
  @Post()
  create(@Body() body: CreateWebhookDto, @Req() req: AuthedRequest): Promise<WebhookCreated> {
    return this.webhooks.add(body, req.principal!.name);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param() { id }: WebhookIdDto, @Req() req: AuthedRequest): Promise<void> {
    return this.webhooks.remove(id, req.principal!.name);
  }
}
