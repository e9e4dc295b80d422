// What the numbers were measured on.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './paths.mjs';
import { serverInfo } from './mysql.mjs';

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

export async function machineInfo() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const osRelease = /PRETTY_NAME="([^"]*)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.platform();
  const hypervisor =
    sh('lscpu', [])
      ?.split('\n')
      .find((l) => l.startsWith('Hypervisor vendor'))
      ?.split(':')[1]
      ?.trim() ?? null;
  let mariadb = null;
  try {
    mariadb = await serverInfo();
  } catch (err) {
    mariadb = { error: err.message };
  }
  return {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpuModel: model,
    hypervisor,
    memoryBytes: os.totalmem(),
    os: osRelease,
    kernel: os.release(),
    node: process.version,
    mariadb,
    chromium: sh(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
    loadAverageAtStart: os.loadavg(),
    git: {
      commit: sh('git', ['rev-parse', '--short', 'HEAD']),
      dirtyFiles: (sh('git', ['status', '--porcelain']) ?? '').split('\n').filter(Boolean).length,
    },
  };
}
