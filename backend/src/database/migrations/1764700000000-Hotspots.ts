import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const big = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'int', isNullable: nullable });
const dbl = (name: string): TableColumnOptions => ({ name, type: 'double', isNullable: false });

/**
 * Hotspots and notifications (docs/hotspots.md): the history of raised hotspots, the configured
 * webhooks, the durable outbox of their deliveries, and the instants notification sources have
 * checked up to (the overdue scan).
 */
export class Hotspots1764700000000 implements MigrationInterface {
  name = 'Hotspots1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    const mysql = type === 'mysql' || type === 'mariadb';
    const serial: TableColumnOptions = {
      name: 'id',
      type: mysql ? 'bigint' : 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    };
    await queryRunner.createTable(
      new Table({
        name: 'hotspot',
        columns: [
          serial,
          str('unit_code', 32),
          str('unit_level', 16),
          str('district_code', 32, true),
          str('township_code', 32, true),
          str('category', 32),
          big('raised_at'),
          big('cleared_at', true),
          int('window_hours'),
          int('trigger_hours'),
          int('trigger_count'),
          dbl('trigger_expected'),
          dbl('trigger_p'),
          dbl('trigger_threshold'),
          int('peak_count'),
          big('peak_at'),
          dbl('peak_expected'),
          dbl('min_p'),
          big('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'idx_hotspot_raised', columnNames: ['raised_at'] }),
          new TableIndex({ name: 'idx_hotspot_cleared', columnNames: ['cleared_at'] }),
          new TableIndex({ name: 'idx_hotspot_unit', columnNames: ['unit_code', 'category'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('label', 100),
          str('url', 1000),
          str('secret', 200),
          str('kinds', 200),
          str('format', 16),
          big('created_at'),
          str('created_by', 100),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_outbox',
        columns: [
          serial,
          str('webhook_id', 36),
          str('notification_id', 64),
          str('kind', 32),
          { name: 'payload', type: 'text', isNullable: false },
          str('status', 16),
          int('attempts'),
          big('next_attempt_at'),
          big('created_at'),
          big('delivered_at', true),
          int('last_status', true),
          str('last_error', 500, true),
        ],
        indices: [
          new TableIndex({
            name: 'uq_webhook_outbox_notification',
            columnNames: ['webhook_id', 'notification_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_webhook_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notify_cursor',
        columns: [{ ...str('name', 64), isPrimary: true }, big('at_ms')],
      }),
    );
    if (mysql) {
      for (const table of ['hotspot', 'webhook', 'webhook_outbox', 'notify_cursor']) {
        await queryRunner.query(
          `ALTER TABLE \`${table}\` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notify_cursor', 'webhook_outbox', 'webhook', 'hotspot']) await queryRunner.dropTable(table);
  }
}
