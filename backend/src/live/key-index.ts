/**
 * A set of case ids indexed by aggregation key: which cases of a scope are in it, without a
 * scan of every case. The live state keeps the open yellow/red cases in one (the overdue lists
 * read only these). Pure, no I/O.
 */
export class KeyIndex {
  private readonly members = new Set<string>();
  private readonly byKey = new Map<string, Set<string>>();

  /** Whether a case is in the index. */
  has(caseId: string): boolean {
    return this.members.has(caseId);
  }

  /** Adds a case under each of its keys. */
  add(caseId: string, keys: readonly string[]): void {
    this.members.add(caseId);
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (!set) {
        set = new Set();
        this.byKey.set(k, set);
      }
      set.add(caseId);
    }
  }

  /** Removes a case from each of its keys (the keys it was added with). */
  delete(caseId: string, keys: readonly string[]): void {
    this.members.delete(caseId);
    for (const k of keys) {
      const set = this.byKey.get(k);
      if (!set) continue;
      set.delete(caseId);
      if (set.size === 0) this.byKey.delete(k);
    }
  }

  /** The cases under a key. */
  in(key: string): ReadonlySet<string> {
    return this.byKey.get(key) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
