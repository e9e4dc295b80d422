import { Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AreaNode } from '@gridwall/shared';
import { Repository } from 'typeorm';
import { Area } from './area.entity';
import { AreaTree, type IndexedArea } from './area-tree';
import { AREA_SEED_SOURCE, zhengzhouAreas } from './seed-data';

/**
 * The area tree: stored in the `area` table (seeded with Zhengzhou on first start) and held in
 * memory for lookups. A city loads its own tree by filling the table before the first start.
 */
@Injectable()
export class AreasService implements OnModuleInit {
  private readonly logger = new Logger(AreasService.name);
  private treeValue: AreaTree | undefined;

  constructor(@InjectRepository(Area) private readonly repo: Repository<Area>) {}

  async onModuleInit(): Promise<void> {
    if ((await this.repo.count()) === 0) {
      const rows = zhengzhouAreas();
      await this.repo.manager.transaction(async (em) => {
        for (let i = 0; i < rows.length; i += 1000) {
          await em
            .createQueryBuilder()
            .insert()
            .into(Area)
            .values(rows.slice(i, i + 1000))
            .updateEntity(false)
            .execute();
        }
      });
      this.logger.log(`seeded ${rows.length} area nodes from ${AREA_SEED_SOURCE}`);
    }
    const rows: AreaNode[] = await this.repo.find();
    this.treeValue = new AreaTree(rows);
    this.logger.log(
      `area tree loaded: ${this.treeValue.size} nodes, root ${this.treeValue.root.code} ${this.treeValue.root.name}`,
    );
  }

  /** The in-memory tree. */
  get tree(): AreaTree {
    if (!this.treeValue) throw new Error('area tree not loaded yet');
    return this.treeValue;
  }

  /** The root of the tree: the city every scope lies in. */
  get root(): IndexedArea {
    return this.tree.root;
  }

  /** A node by code, or a 404 naming the code. */
  require(code: string, field = 'scope'): IndexedArea {
    const node = this.tree.get(code);
    if (!node) throw new NotFoundException(`${field}: unknown area code ${JSON.stringify(code)}`);
    return node;
  }

  /** The children of a node (the city's when `parent` is undefined), as public nodes. */
  children(parent?: string): AreaNode[] {
    if (parent === undefined) {
      const { code, name, level, parentCode } = this.tree.root;
      return [{ code, name, level, parentCode }];
    }
    const node = this.require(parent, 'parent');
    return node.children.map((c) => {
      const n = this.tree.get(c)!;
      return { code: n.code, name: n.name, level: n.level, parentCode: n.parentCode };
    });
  }
}
