import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

function isMysql(queryRunner: QueryRunner): boolean {
  const type = queryRunner.connection.options.type;
  return type === 'mysql' || type === 'mariadb';
}

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
const int = (name: string, type = 'int'): TableColumnOptions => ({ name, type, isNullable: false, default: 0 });

/**
 * The initial schema: area tree, departments, the append-only event log and folded case state.
 * Written with TypeORM's portable schema API so the same migration runs on MySQL/MariaDB and
 * SQLite; on MySQL every table is utf8mb4 with binary collation (ids compare case-sensitively).
 */
export class Init1763700000000 implements MigrationInterface {
  name = 'Init1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'area',
        columns: [
          { ...str('code', 32), isPrimary: true },
          str('name', 100),
          str('level', 16),
          str('parent_code', 32, true),
        ],
        indices: [new TableIndex({ name: 'idx_area_parent', columnNames: ['parent_code'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'department',
        columns: [{ ...str('code', 64), isPrimary: true }, str('name', 100), str('level', 32)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_event',
        columns: [
          {
            name: 'seq',
            // SQLite only auto-increments an INTEGER PRIMARY KEY.
            type: mysql ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          str('event_id', 64),
          str('case_id', 64),
          str('type', 16),
          ms('at_ms'),
          { name: 'payload', type: 'text', isNullable: false },
          ms('received_at_ms'),
        ],
        indices: [
          new TableIndex({ name: 'uq_case_event_event_id', columnNames: ['event_id'], isUnique: true }),
          new TableIndex({ name: 'idx_case_event_case_id', columnNames: ['case_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_state',
        columns: [
          { ...str('case_id', 64), isPrimary: true },
          str('status', 16),
          str('grid_code', 32, true),
          str('category', 32, true),
          str('source', 16, true),
          str('title', 200, true),
          ms('reported_at', true),
          ms('accepted_at', true),
          int('rejected', 'smallint'),
          ms('deadline', true),
          ms('last_dispatch_at', true),
          ms('resolved_at', true),
          ms('closed_at', true),
          str('handler_level', 16, true),
          str('resolved_handler_level', 16, true),
          str('department_code', 64, true),
          int('joint_meeting', 'smallint'),
          int('rework_count'),
          int('extended_count'),
          str('satisfaction', 16, true),
          int('event_count'),
          ms('last_event_at', true),
        ],
        indices: [
          new TableIndex({ name: 'idx_case_state_status', columnNames: ['status'] }),
          new TableIndex({ name: 'idx_case_state_grid', columnNames: ['grid_code'] }),
          new TableIndex({ name: 'idx_case_state_reported', columnNames: ['reported_at'] }),
        ],
      }),
    );
    if (mysql) {
      for (const table of ['area', 'department', 'case_event', 'case_state']) {
        await queryRunner.query(
          `ALTER TABLE \`${table}\` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['case_state', 'case_event', 'department', 'area']) {
      await queryRunner.dropTable(table);
    }
  }
}
