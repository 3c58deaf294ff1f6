// Running processes and their memory, read from Linux's /proc: one reading for the hub's test and the memory
// benchmarks (bench/kernel_memory.ts, bench/single_user_memory.ts, bench/hub_class.ts), which import it from here as
// they import the other helpers of tests/.

/** Which processes: `root` and all its descendants, every process of the Unix user `uid`, or the given `pids`. */
export type Processes = { root: number } | { uid: number } | { pids: number[] };

/** What a process is to the course: the relay, Deno's kernel behind it, or anything else (a Jupyter server, a shell). */
export type ProcessRole = "relay" | "kernel" | "other";

/** One process's memory and CPU time, read at one moment. */
export interface ProcessMemory {
  pid: number;
  /** Its command line, arguments joined by spaces. */
  command: string;
  role: ProcessRole;
  /** Resident set size now (VmRSS), in bytes: its pages in RAM, shared ones counted in full. */
  resident: number;
  /** The largest resident set size it has had since it started (VmHWM), in bytes. */
  peak: number;
  /** Proportional set size (Pss of smaps_rollup), in bytes: a shared page counts 1/n in each of the n processes that
   * map it, so a sum over processes is what they use together. Read only when asked: 0 otherwise. */
  proportional: number;
  /** CPU time it has used, user + system, in seconds. */
  cpuSeconds: number;
}

/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ). */
const ticksPerSecond = 100;

/** The fields of /proc/<pid>/stat after the command (which may hold spaces): state, ppid, …; throws once it is gone. */
function statFields(pid: number): string[] {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The pids of `which` running now. */
export function pidsOf(which: Processes): number[] {
  if ("pids" in which) return which.pids;
  const parent = new Map<number, number>();
  const found: number[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const pid = Number(entry.name);
    try {
      if ("uid" in which) {
        const uid = /^Uid:\s+(\d+)/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`))?.[1];
        if (Number(uid) === which.uid) found.push(pid);
      } else {
        parent.set(pid, Number(statFields(pid)[1]));
      }
    } catch { /* the process ended meanwhile */ }
  }
  if ("uid" in which) return found;
  const under = (pid: number): boolean => pid === which.root || (pid > 1 && under(parent.get(pid) ?? 0));
  return [...parent.keys()].filter(under);
}

/** The command line of a process, arguments joined by spaces, or "" when it is gone. */
export function commandLine(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/** The course's relay and Deno's kernel by their command lines (the relay's names Deno too, so it is asked first). */
function roleOf(command: string): ProcessRole {
  if (command.includes("lr_course_jupyter.relay")) return "relay";
  if (/(^|\/)deno jupyter /.test(command)) return "kernel";
  return "other";
}

/**
 * The memory of every process of `which` now, one row a process; processes that end while they are read are left
 * out. `proportional: true` also reads each one's proportional set size (slower: the kernel walks its page tables).
 */
export function memoryOf(which: Processes, options: { proportional?: boolean } = {}): ProcessMemory[] {
  const rows: ProcessMemory[] = [];
  for (const pid of pidsOf(which)) {
    try {
      const status = Deno.readTextFileSync(`/proc/${pid}/status`);
      const kB = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
      const fields = statFields(pid); // utime and stime: the 14th and 15th fields of the line
      const command = commandLine(pid);
      rows.push({
        pid,
        command,
        role: roleOf(command),
        resident: kB("VmRSS"),
        peak: kB("VmHWM"),
        proportional: options.proportional
          ? Number(/^Pss:\s+(\d+) kB/m.exec(Deno.readTextFileSync(`/proc/${pid}/smaps_rollup`))?.[1] ?? 0) * 1024
          : 0,
        cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
      });
    } catch { /* the process ended meanwhile */ }
  }
  return rows;
}

/** What the processes of `which` use together now, in bytes: the sum of their proportional set sizes. */
export function sharedTotal(which: Processes): number {
  return memoryOf(which, { proportional: true }).reduce((sum, p) => sum + p.proportional, 0);
}
