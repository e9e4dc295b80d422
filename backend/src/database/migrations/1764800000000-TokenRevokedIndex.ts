import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An index on `auth_token.revoked_at`: every server reads the recent revocations every two
 * seconds (RevocationWatcher), so one made by the admin CLI or another instance ends its
 * sockets and cached sessions within seconds.
 */
export class TokenRevokedIndex1764800000000 implements MigrationInterface {
  name = 'TokenRevokedIndex1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'auth_token',
      new TableIndex({ name: 'idx_auth_token_revoked', columnNames: ['revoked_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('auth_token', 'idx_auth_token_revoked');
  }
}
