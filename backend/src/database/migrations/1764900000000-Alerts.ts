import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Acknowledged alerts (告警确认): which alert, when and by whom (the audit log has the rest). */
export class Alerts1764900000000 implements MigrationInterface {
  name = 'Alerts1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    await queryRunner.createTable(
      new Table({
        name: 'alert_ack',
        columns: [
          { name: 'id', type: 'varchar', length: '120', isPrimary: true },
          { name: 'acked_at', type: 'bigint', isNullable: false },
          { name: 'acked_by', type: 'varchar', length: '100', isNullable: false },
        ],
        indices: [new TableIndex({ name: 'idx_alert_ack_at', columnNames: ['acked_at'] })],
      }),
    );
    if (type === 'mysql' || type === 'mariadb') {
      await queryRunner.query(
        'ALTER TABLE `alert_ack` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('alert_ack');
  }
}
