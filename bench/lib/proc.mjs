// Process accounting from /proc: CPU time (utime + stime) and memory of a pid, found by pid.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // Linux default.
}

/** CPU seconds (user + system) a process has used so far; null when it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return (utime + stime) / clkTck;
  } catch {
    return null;
  }
}

/** Memory of a process from /proc/PID/status: rss and peak rss (VmHWM), bytes; null when gone. */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Pids whose executable name (comm) is `name`. */
export function pidsOf(name) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Total CPU seconds of the machine (all cores, busy time), from /proc/stat. */
export function machineBusySeconds() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line;
  return { busy: (user + nice + system + irq + softirq + steal) / clkTck, idle: (idle + iowait) / clkTck };
}

/**
 * A CPU meter over several processes: start() then stop() gives CPU seconds used by each and the
 * wall time between, so cores = cpu / wall.
 */
export class CpuMeter {
  constructor(pids) {
    this.pids = pids;
  }

  start() {
    this.t0 = performance.now();
    this.c0 = Object.fromEntries(Object.entries(this.pids).map(([k, pid]) => [k, sumCpu(pid)]));
    this.m0 = machineBusySeconds();
    return this;
  }

  /** { wallSeconds, cpu: {name: seconds}, cores: {name: cores}, machineBusyCores } */
  stop() {
    const wall = (performance.now() - this.t0) / 1000;
    const cpu = {};
    const cores = {};
    for (const [k, pid] of Object.entries(this.pids)) {
      const c1 = sumCpu(pid);
      const c0 = this.c0[k];
      cpu[k] = c1 === null || c0 === null ? null : c1 - c0;
      cores[k] = cpu[k] === null ? null : cpu[k] / wall;
    }
    const m1 = machineBusySeconds();
    return { wallSeconds: wall, cpu, cores, machineBusyCores: (m1.busy - this.m0.busy) / wall };
  }
}

function sumCpu(pid) {
  if (Array.isArray(pid)) {
    let total = 0;
    for (const p of pid) {
      const c = cpuSeconds(p);
      if (c === null) return null;
      total += c;
    }
    return total;
  }
  return cpuSeconds(pid);
}
