/**
 * Where the PostgreSQL server binaries and their share directory are, and a relocated copy of
 * them without pgvector (PostgreSQL finds its share directory relative to its own executable,
 * so a copied `postgres` beside a share directory that lacks vector.control is a real server on
 * which CREATE EXTENSION vector fails).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** initdb, pg_ctl and postgres: $RESUMATOR_PG_BIN, else the newest Debian major, else `pg_config --bindir`. */
export function findBinDir(): string | undefined {
  const has = (dir: string): boolean => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(path.join(dir, b)));
  const given = process.env['RESUMATOR_PG_BIN'];
  if (given !== undefined && given !== '') return has(given) ? given : undefined;
  const debian = '/usr/lib/postgresql';
  const majors = existsSync(debian) ? readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) if (has(path.join(debian, major, 'bin'))) return path.join(debian, major, 'bin');
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return has(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The share directory those binaries use (pg_config beside them, else Debian's layout). */
export function shareDir(bin: string): string {
  try {
    return execFileSync(path.join(bin, 'pg_config'), ['--sharedir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return path.resolve(bin, '..', '..', '..', '..', 'share', 'postgresql', path.basename(path.dirname(bin)));
  }
}

/**
 * Copies pg_ctl and postgres into `<dest>/lib/postgresql/<major>/bin` with a share directory
 * beside it that links everything but pgvector's files; the libraries are linked as they are.
 * Returns the new bin directory.
 */
export function relocatedWithoutPgvector(bin: string, dest: string): string {
  const share = shareDir(bin);
  const major = path.basename(path.dirname(bin));
  const newBin = path.join(dest, 'lib', 'postgresql', major, 'bin');
  const newShare = path.join(dest, 'share', 'postgresql', major);
  mkdirSync(newBin, { recursive: true });
  mkdirSync(path.join(newShare, 'extension'), { recursive: true });
  for (const exe of ['pg_ctl', 'postgres']) {
    copyFileSync(path.join(bin, exe), path.join(newBin, exe));
    chmodSync(path.join(newBin, exe), 0o755);
  }
  symlinkSync(path.join(path.dirname(bin), 'lib'), path.join(dest, 'lib', 'postgresql', major, 'lib'));
  for (const entry of readdirSync(share)) if (entry !== 'extension') symlinkSync(path.join(share, entry), path.join(newShare, entry));
  for (const entry of readdirSync(path.join(share, 'extension'))) {
    if (!entry.startsWith('vector')) symlinkSync(path.join(share, 'extension', entry), path.join(newShare, 'extension', entry));
  }
  return newBin;
}
