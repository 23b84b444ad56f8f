// The handout's package-lock.json: this repository's lock cut down to the packages the
// students' dependencies reach, so that `npm ci` in the handout installs exactly the versions
// tested here, and nothing of Jest. Packages are resolved as Node does: from a package's own
// nested node_modules up to the top.

interface LockedPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export interface Lockfile {
  name: string;
  version: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockedPackage>;
}

/** The lock of a project whose root entry is `root` (its dependencies taken from there). */
export function pruneLockfile(lock: Lockfile, root: LockedPackage & { name: string; version: string }): Lockfile {
  if (lock.lockfileVersion < 2) throw new Error(`package-lock.json: lockfileVersion ${lock.lockfileVersion} has no "packages" map`);
  const packages = lock.packages;
  const keep = new Set<string>();

  const resolve = (from: string, name: string): string | undefined => {
    let base = from;
    for (;;) {
      const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut === -1 ? '' : base.slice(0, cut);
    }
  };
  const walk = (key: string, pkg: LockedPackage) => {
    const wanted: Array<[string, boolean]> = [
      ...Object.keys(pkg.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(pkg.devDependencies ?? {}).filter(() => key === '').map((n): [string, boolean] => [n, false]),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(pkg.peerDependencies ?? {}).map((n): [string, boolean] => [n, pkg.peerDependenciesMeta?.[n]?.optional === true]),
    ];
    for (const [name, optional] of wanted) {
      const found = resolve(key, name);
      if (!found) {
        if (optional) continue;
        throw new Error(`package-lock.json: ${name}, needed by ${key || 'the root'}, is not in the lock`);
      }
      if (keep.has(found)) continue;
      keep.add(found);
      walk(found, packages[found]);
    }
  };
  walk('', root);
  const kept: Record<string, LockedPackage> = { '': root };
  for (const key of Object.keys(packages)) if (keep.has(key)) kept[key] = packages[key];
  return { name: root.name, version: root.version, lockfileVersion: lock.lockfileVersion, requires: true, packages: kept };
}
