/**
 * Administration from the command line: users, tokens, configuration, audit log, assessments,
 * webhooks.
 *
 *   node backend/dist/admin/admin.cli.js <command>     (in the Docker image, and after a build)
 *   npm run admin -- <command>                         (builds first only when sources changed)
 *
 * Usage (`--help`, no command, an unknown one) is printed before anything else is loaded: it
 * needs no valid environment and never touches, creates or migrates a database. The commands
 * are in admin-commands.ts, loaded only to run one.
 */
export const USAGE = `gridwall admin: node backend/dist/admin/admin.cli.js <command>   (npm run admin -- <command>)
Uses DATABASE_URL like the server (unset: the embedded SQLite database).

  user add <name> --role leader|district|admin [--district CODE] [--display-name 张主任（中原区）]
  user display-name <name> <text>   the name screens show ('' for the sign-in name)
  user reset-password <name>    new password; revokes the user's sessions and tokens
  user disable <name>           and revokes their sessions
  user enable <name>            a disabled user may sign in again
  user list
  token create --kind screen|ingest --label LABEL                  prints the token once
  token list
  token revoke <id>
  config show
  config set '<json>'          e.g. '{"minCases": 3, "weights": {"resolutionRate": 0.4, "onTimeRate": 0.2}}'
  audit [--limit N]
  assessments …                 assessments --help
  webhooks list|add|remove      webhooks --help (督办推送: outgoing notifications)

Passwords (user add, user reset-password): GRIDWALL_PASSWORD, else the first line of standard
input with --password-stdin, else asked for twice on a terminal. Never on the command line.

Running servers pick up configuration changes within 10 s; a revoked session or token (and a
disabled user's) is refused by every server, and its open sockets end, within a few seconds.`;

const HELP = new Set(['--help', '-h', 'help']);

/** The commands this file runs itself (verb by noun), for the usage check before any loading. */
const COMMANDS: Record<string, string[]> = {
  user: ['add', 'reset-password', 'disable', 'enable', 'list', 'display-name'],
  token: ['create', 'list', 'revoke'],
  config: ['show', 'set'],
  audit: [''],
};

/** Exit code and text for a command line that is only usage (or not a command). */
function usageOnly(args: string[]): { code: number; text: string } | undefined {
  const [what, verb] = args;
  if (what === undefined || HELP.has(what)) return { code: 0, text: USAGE };
  // Its own usage (admin-commands.ts), printed without a database too.
  if (what === 'assessments' || what === 'webhooks') return undefined;
  if (args.some((a) => HELP.has(a))) return { code: 0, text: USAGE };
  const verbs = COMMANDS[what];
  if (!verbs || (verbs[0] !== '' && !verbs.includes(verb ?? ''))) {
    return { code: 2, text: `unknown command: ${args.slice(0, 2).join(' ')}\n\n${USAGE}` };
  }
  return undefined;
}

async function main(args: string[]): Promise<number> {
  const usage = usageOnly(args);
  if (usage) {
    (usage.code === 0 ? process.stdout : process.stderr).write(`${usage.text}\n`);
    return usage.code;
  }
  const { runAdminCommand } = await import('./admin-commands.js');
  return runAdminCommand(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { message?: string; response?: { message?: string } };
    process.stderr.write(`error: ${e.response?.message ?? e.message ?? String(err)}\n`);
    process.exit(1);
  },
);
