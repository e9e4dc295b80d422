import { Global, Module } from '@nestjs/common';
import { ClusterService } from './cluster.service';

/** Redis connections and leadership, for every module. */
@Global()
@Module({
  providers: [ClusterService],
  exports: [ClusterService],
})
export class ClusterModule {}
