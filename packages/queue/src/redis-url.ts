import type { ConnectionOptions } from 'bullmq';

/** Connection settings read from a `redis://` URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * `redis://[user[:password]@]host[:port][/db]` (or `rediss://` for TLS) to
 * connection settings: port defaults to 6379, db to 0. Anything else is an
 * error that names the URL and shows the expected form.
 */
export function parseRedisUrl(url: string): RedisTarget {
  const bad = (why: string) => new Error(`queue: ${JSON.stringify(url)} is not a Redis URL (${why}); write redis://host:port/db, e.g. redis://127.0.0.1:6379/0`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('unparsable');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`scheme ${u.protocol} instead of redis: or rediss:`);
  if (!u.hostname) throw bad('no host');
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(path)) throw bad(`database "${path}" is not a number`);
  const db = path === '' ? 0 : Number(path);
  if (db > 15) throw bad(`database ${db} is above 15, the last of a default Redis`);
  if (u.search || u.hash) throw bad('query strings and fragments are not supported');
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    tls: u.protocol === 'rediss:',
  };
}

/** BullMQ (ioredis) connection options for a Redis URL; `maxRetriesPerRequest: null` as BullMQ workers require. */
export function connectionOptions(url: string): ConnectionOptions {
  const t = parseRedisUrl(url);
  return {
    host: t.host, port: t.port, db: t.db,
    ...(t.username ? { username: t.username } : {}),
    ...(t.password ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
