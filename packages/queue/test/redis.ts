/**
 * Redis for the tests: $RRNN_REDIS_URL when set (CI starts one on a loopback
 * port), else a private `redis-server` on a free 127.0.0.1 port, no
 * persistence, stopped afterwards.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export interface TestRedis {
  url: string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const given = process.env.RRNN_REDIS_URL;
  if (given) return { url: given, stop: async () => undefined };
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server not found: the queue tests need Redis; install it (apt-get install -y redis-server) or set RRNN_REDIS_URL=redis://127.0.0.1:<port>/0');
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`redis-server on port ${port} did not start in 10 s:\n${log}`)), 10_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`redis-server on port ${port} exited with ${code}:\n${log}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () => new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
}

/** A queue name no other test (or concurrent test run on the same Redis) uses. */
export const uniqueQueueName = (what: string): string => `test-${what}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
