import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const big = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

/**
 * Issued assessments (domain.md §8): one row per issued version of a period, its figures as one
 * gzipped canonical JSON document; and indexes on event time, which issuing (and the periods
 * that have events) reads by, and on the time events were stored, which replays read by.
 */
export class Assessments1764600000000 implements MigrationInterface {
  name = 'Assessments1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    const mysql = type === 'mysql' || type === 'mariadb';
    await queryRunner.createTable(
      new Table({
        name: 'assessment',
        columns: [
          {
            name: 'id',
            type: mysql ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          str('kind', 8),
          str('period_key', 16),
          { name: 'version', type: 'int', isNullable: false },
          big('from_ms'),
          big('to_ms'),
          big('cutoff_seq'),
          { name: 'events', type: 'int', isNullable: false },
          big('issued_at_ms'),
          str('hash', 64),
          str('reason', 500, true),
          str('issued_by', 100, true),
          str('previous_period', 16, true),
          { name: 'previous_version', type: 'int', isNullable: true },
          { name: 'body', type: mysql ? 'longblob' : 'blob', isNullable: false },
        ],
        indices: [
          new TableIndex({
            name: 'uq_assessment_version',
            columnNames: ['kind', 'period_key', 'version'],
            isUnique: true,
          }),
        ],
      }),
    );
    await queryRunner.createIndex('case_event', new TableIndex({ name: 'idx_case_event_at', columnNames: ['at_ms'] }));
    // Replays read what was stored by a moment.
    await queryRunner.createIndex(
      'case_event',
      new TableIndex({ name: 'idx_case_event_received', columnNames: ['received_at_ms'] }),
    );
    if (mysql) {
      await queryRunner.query(
        'ALTER TABLE `assessment` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('case_event', 'idx_case_event_received');
    await queryRunner.dropIndex('case_event', 'idx_case_event_at');
    await queryRunner.dropTable('assessment');
  }
}
