import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuthModule } from '../auth/auth.module';
import { DepartmentsModule } from '../departments/departments.module';
import { NotificationSources } from './notification-sources.service';
import { OutboxService } from './outbox.service';
import { NotifyCursorEntity, OutboxEntity, WebhookEntity } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Outgoing notifications (督办推送): webhooks, their durable outbox, and the sources that fill it. */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEntity, OutboxEntity, NotifyCursorEntity]),
    AreasModule,
    DepartmentsModule,
    AuthModule,
    AssessmentsModule,
  ],
  controllers: [WebhooksController],
  providers: [WebhooksService, OutboxService, NotificationSources],
  exports: [WebhooksService, OutboxService, NotificationSources],
})
export class WebhooksModule {}
