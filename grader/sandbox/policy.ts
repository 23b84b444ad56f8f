// What a student program may do, written once, as data. Every layer of the sandbox reads its
// figures from here; README (maintainers) explains the threat model they answer.
export const POLICY = {
  /** Resource limits (setrlimit, through prlimit), per program. */
  limits: {
    /**
     * Processes and threads of the box's user: a Node program alone has about 11 threads, a
     * Python server may run a thread per client (50 in Partie III), and a fork bomb stops
     * here. Counted per user namespace (or per uid when the grader is root and gives each box
     * its own uid).
     */
    processes: 256,
    /** Largest file the program may write (its private /tmp); beyond, SIGXFSZ. */
    fileSizeBytes: 16 * 1024 * 1024,
    /** Open files and sockets: the 50-client test needs about 70. */
    openFiles: 1024,
    /**
     * Address space. Node runs with a 512 MiB heap (--max-old-space-size) in well under 1 GiB
     * of address space; 2 GiB stops a runaway Buffer before it hurts the machine.
     */
    addressSpaceBytes: 2 * 1024 * 1024 * 1024,
    /** No core dumps: they would write the program's memory to disk. */
    coreBytes: 0,
  },
  /** Size of the program's private, writable /tmp. */
  tmpBytes: 16 * 1024 * 1024,
  /** Where the program's own (transpiled) part folder is mounted, read-only, in the box. */
  mountPoint: '/copie',
  /** Files of /etc a program may read when they exist: the dynamic linker's cache, name resolution of 127.0.0.1. */
  etcFiles: ['/etc/ld.so.cache', '/etc/hosts', '/etc/nsswitch.conf', '/etc/host.conf', '/etc/localtime'],
  /** Top-level system folders shared read-only (or as the symlinks they are, on merged-/usr systems). */
  systemDirs: ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'],
  /** When the grader runs as root, each box runs as its own uid taken from this range (like isolate). */
  uidRange: { first: 61000, count: 1000 },
  /** The uid and gid a program sees inside its box. */
  insideUid: 1000,
  hostname: 'copie',
} as const;
