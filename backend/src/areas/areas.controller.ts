import { Controller, Get, Query } from '@nestjs/common';
import type { AreaNode } from '@gridwall/shared';
import { AreasService } from './areas.service';
import { ListAreasDto } from './dto/list-areas.dto';

/** GET /api/areas: browse the area tree. */
@Controller('api/areas')
export class AreasController {
  constructor(private readonly areas: AreasService) {}

  /** The children of `parent`; without `parent`, the city itself. */
  @Get()
  list(@Query() { parent }: ListAreasDto): AreaNode[] {
    return this.areas.children(parent);
  }
}
