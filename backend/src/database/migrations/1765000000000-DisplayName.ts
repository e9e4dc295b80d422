import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A person's display name (张主任（中原区）), shown where people's names belong; the sign-in name stays. */
export class DisplayName1765000000000 implements MigrationInterface {
  name = 'DisplayName1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'app_user',
      new TableColumn({ name: 'display_name', type: 'varchar', length: '64', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('app_user', 'display_name');
  }
}
