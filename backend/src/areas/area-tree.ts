import type { AreaLevel, AreaNode } from '@gridwall/shared';

/** An area node with its precomputed place in the tree. */
export interface IndexedArea extends AreaNode {
  /** Codes from this node up to the root: [self, parent, …, city]. */
  ancestors: string[];
  /** Codes of the children, sorted. */
  children: string[];
}

/**
 * The whole area tree in memory: lookups by code, ancestor paths, children. Built once at boot
 * (about 21,000 nodes for Zhengzhou).
 */
export class AreaTree {
  private readonly nodes = new Map<string, IndexedArea>();
  private readonly descendantCache = new Map<string, IndexedArea[]>();
  readonly root: IndexedArea;

  constructor(rows: readonly AreaNode[]) {
    for (const r of rows) {
      this.nodes.set(r.code, { ...r, ancestors: [], children: [] });
    }
    let root: IndexedArea | undefined;
    for (const n of this.nodes.values()) {
      if (n.parentCode === null) {
        if (root) throw new Error(`area tree has two roots: ${root.code} and ${n.code}`);
        root = n;
        continue;
      }
      const parent = this.nodes.get(n.parentCode);
      if (!parent) throw new Error(`area ${n.code} names unknown parent ${n.parentCode}`);
      parent.children.push(n.code);
    }
    if (!root) throw new Error('area tree has no root');
    this.root = root;
    for (const n of this.nodes.values()) {
      n.children.sort();
      const path: string[] = [];
      let cur: IndexedArea | undefined = n;
      while (cur) {
        path.push(cur.code);
        if (path.length > 10) throw new Error(`area ${n.code}: cycle in parent links`);
        cur = cur.parentCode === null ? undefined : this.nodes.get(cur.parentCode);
      }
      n.ancestors = path;
    }
  }

  /** The node with this code, or undefined. */
  get(code: string): IndexedArea | undefined {
    return this.nodes.get(code);
  }

  /** True when a node has this code. */
  has(code: string): boolean {
    return this.nodes.has(code);
  }

  /** Level of a node, or undefined for an unknown code. */
  levelOf(code: string): AreaLevel | undefined {
    return this.nodes.get(code)?.level;
  }

  /** Number of nodes. */
  get size(): number {
    return this.nodes.size;
  }

  /** All nodes of one level, sorted by code. */
  ofLevel(level: AreaLevel): IndexedArea[] {
    return [...this.nodes.values()].filter((n) => n.level === level).sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /** The ancestor of `code` at `level` (itself if it is at that level), or undefined. */
  ancestorAt(code: string, level: AreaLevel): IndexedArea | undefined {
    const n = this.nodes.get(code);
    if (!n) return undefined;
    for (const a of n.ancestors) {
      const node = this.nodes.get(a)!;
      if (node.level === level) return node;
    }
    return undefined;
  }

  /** The nodes of `level` at or below `code`, sorted by code (cached: the tree does not change). */
  descendantsAt(code: string, level: AreaLevel): IndexedArea[] {
    const key = `${code}|${level}`;
    let list = this.descendantCache.get(key);
    if (!list) {
      list = this.ofLevel(level).filter((n) => n.ancestors.includes(code));
      this.descendantCache.set(key, list);
    }
    return list;
  }

  /** True when `code` is `scope` or lies below it. */
  isWithin(code: string, scope: string): boolean {
    return this.nodes.get(code)?.ancestors.includes(scope) ?? false;
  }
}
