import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const ms = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });

/** Users, bearer tokens (sessions, screen tokens, ingest keys), the audit log and settings. */
export class Auth1763800000000 implements MigrationInterface {
  name = 'Auth1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.options.type;
    const mysql = type === 'mysql' || type === 'mariadb';
    await queryRunner.createTable(
      new Table({
        name: 'app_user',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('name', 64),
          str('password_hash', 200),
          str('role', 16),
          str('district_code', 32, true),
          { name: 'disabled', type: 'smallint', isNullable: false, default: 0 },
          ms('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_app_user_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_token',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('token_hash', 64),
          str('kind', 16),
          str('role', 16),
          str('user_id', 36, true),
          str('district_code', 32, true),
          str('label', 100),
          ms('created_at'),
          ms('expires_at', true),
          ms('revoked_at', true),
        ],
        indices: [new TableIndex({ name: 'uq_auth_token_hash', columnNames: ['token_hash'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          {
            name: 'id',
            type: mysql ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          ms('at_ms'),
          str('actor', 100),
          str('action', 32),
          { name: 'detail', type: 'text', isNullable: false },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'app_setting',
        columns: [
          { ...str('key', 64), isPrimary: true },
          { name: 'value', type: 'text', isNullable: false },
          ms('updated_at'),
        ],
      }),
    );
    if (mysql) {
      for (const table of ['app_user', 'auth_token', 'audit_log', 'app_setting']) {
        await queryRunner.query(
          `ALTER TABLE \`${table}\` ENGINE=InnoDB, CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['app_setting', 'audit_log', 'auth_token', 'app_user']) await queryRunner.dropTable(table);
  }
}
