import { Controller, Get } from '@nestjs/common';
import type { Department } from '@gridwall/shared';
import { DepartmentsService } from './departments.service';

/** GET /api/departments. */
@Controller('api/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  list(): Department[] {
    return this.departments.list();
  }
}
