import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Department } from '@gridwall/shared';
import { Repository } from 'typeorm';
import seed from '../areas/seed/zhengzhou-areas.json';
import { DepartmentEntity } from './department.entity';
import { demoDepartments } from './seed-data';

/** The functional departments (条): stored, seeded on first start, held in memory. */
@Injectable()
export class DepartmentsService implements OnModuleInit {
  private readonly logger = new Logger(DepartmentsService.name);
  private byCode = new Map<string, Department>();

  constructor(@InjectRepository(DepartmentEntity) private readonly repo: Repository<DepartmentEntity>) {}

  async onModuleInit(): Promise<void> {
    if ((await this.repo.count()) === 0) {
      const rows = demoDepartments((seed.districts as [string, string][]).map(([code, name]) => ({ code, name })));
      await this.repo.insert(rows);
      this.logger.log(`seeded ${rows.length} departments`);
    }
    const rows = await this.repo.find({ order: { code: 'ASC' } });
    this.byCode = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level }]));
  }

  /** Every department, by code. */
  list(): Department[] {
    return [...this.byCode.values()];
  }

  /** True when a department has this code. */
  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** A department by code. */
  get(code: string): Department | undefined {
    return this.byCode.get(code);
  }
}
