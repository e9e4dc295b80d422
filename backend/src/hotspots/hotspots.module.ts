import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AreasModule } from '../areas/areas.module';
import { HotspotEntity } from './hotspot.entity';
import { HotspotsController } from './hotspots.controller';
import { HotspotsService } from './hotspots.service';

/** Surge detection per unit × category and the hotspots it raises (docs/hotspots.md). */
@Module({
  imports: [TypeOrmModule.forFeature([HotspotEntity]), AreasModule],
  controllers: [HotspotsController],
  providers: [HotspotsService],
  exports: [HotspotsService],
})
export class HotspotsModule {}
