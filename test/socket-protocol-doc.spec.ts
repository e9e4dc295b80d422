/**
 * docs/socket-protocol.md cannot drift from the code: every event of the shared event maps has
 * its section, in the right direction, every section names an event that exists, and the limits
 * it quotes are the code's.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FEED_LIMIT, MAX_PATCHES_PER_SECOND, OVERDUE_LIMIT } from '@gridwall/shared';
import * as limits from '../backend/src/live/socket/socket-limits';

const SOCKET_TS = new URL('../shared/src/socket.ts', import.meta.url);
const DOC = readFileSync(new URL('../docs/socket-protocol.md', import.meta.url), 'utf8');

/** The member names of an exported interface of shared/src/socket.ts, read with the TypeScript parser. */
function eventsOf(name: 'ClientToServerEvents' | 'ServerToClientEvents'): string[] {
  const source = ts.createSourceFile('socket.ts', readFileSync(SOCKET_TS, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!found) throw new Error(`shared/src/socket.ts: no interface ${name}`);
  return found.members.map((m) => {
    const n = m.name;
    if (!n || !(ts.isIdentifier(n) || ts.isStringLiteral(n))) throw new Error(`${name}: a member without a plain name`);
    return n.text;
  });
}

/** The event names of a `## <title>` section of the doc: its `### \`name\`` headings. */
function documented(title: string): string[] {
  const start = DOC.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/socket-protocol.md: no section "## ${title}"`);
  const end = DOC.indexOf('\n## ', start + 1);
  const section = DOC.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]!);
}

describe('docs/socket-protocol.md', () => {
  it('documents every client → server request, and only those', () => {
    const code = eventsOf('ClientToServerEvents');
    expect(code.length).toBeGreaterThan(5);
    expect(documented('Client → server').sort()).toEqual([...code].sort());
  });

  it('documents every server → client event, and only those', () => {
    const code = eventsOf('ServerToClientEvents');
    expect(code.length).toBeGreaterThan(3);
    expect(documented('Server → client').sort()).toEqual([...code].sort());
  });

  it('quotes the limits the code enforces', () => {
    const values: Record<string, number> = {
      ...Object.fromEntries(Object.entries(limits).filter(([, v]) => typeof v === 'number')),
      MAX_PATCHES_PER_SECOND,
      FEED_LIMIT,
      OVERDUE_LIMIT,
    };
    const rows = [...DOC.matchAll(/^\| `([A-Z_]+)` +\| ([0-9.]+) +\|/gm)].map((m) => [m[1]!, Number(m[2])] as const);
    expect(rows.length).toBe(11);
    for (const [name, value] of rows) expect(values[name], name).toBe(value);
    // Every numeric limit of socket-limits.ts is in the table.
    const quoted = new Set(rows.map(([n]) => n));
    for (const name of Object.keys(values)) expect(quoted, name).toContain(name);
  });
});
