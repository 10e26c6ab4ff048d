import { describe, expect, it } from 'vitest';
import { canonicalJson, checkName, configHash, connectionOptions, jobIdFor, parseRedisUrl } from '../src';

describe('parseRedisUrl', () => {
  it('reads host, port and database', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2')).toEqual({ host: '127.0.0.1', port: 6380, db: 2, tls: false });
    expect(parseRedisUrl('redis://queue.lan')).toEqual({ host: 'queue.lan', port: 6379, db: 0, tls: false });
    expect(parseRedisUrl('rediss://u:p%40ss@[::1]:7000/0')).toEqual({ host: '::1', port: 7000, db: 0, username: 'u', password: 'p@ss', tls: true });
  });

  it('gives BullMQ options workers accept', () => {
    expect(connectionOptions('redis://127.0.0.1:6390/3')).toEqual({ host: '127.0.0.1', port: 6390, db: 3, maxRetriesPerRequest: null });
  });

  it('rejects what is not a Redis URL, showing the expected form', () => {
    expect(() => parseRedisUrl('127.0.0.1:6379')).toThrow(/"127.0.0.1:6379" is not a Redis URL \(unparsable\); write redis:\/\/host:port\/db/);
    expect(() => parseRedisUrl('http://h:1/0')).toThrow(/scheme http: instead of redis:/);
    expect(() => parseRedisUrl('redis://h:1/x')).toThrow(/database "x" is not a number/);
    expect(() => parseRedisUrl('redis://h:1/16')).toThrow(/database 16 is above 15/);
    expect(() => parseRedisUrl('queue.lan:6379')).toThrow(/scheme queue.lan:/);
  });
});

describe('job ids', () => {
  const config = { cell: 'lstm', sharingRate: 0.5, seed: 0, train: { epochs: 2, lr: 1 } };

  it('are the same for the same run whatever the key order', () => {
    const reordered = { train: { lr: 1, epochs: 2 }, seed: 0, sharingRate: 0.5, cell: 'lstm' };
    expect(canonicalJson(reordered)).toBe(canonicalJson(config));
    expect(jobIdFor('s1', 'lstm-r0.5-s0', reordered)).toBe(jobIdFor('s1', 'lstm-r0.5-s0', config));
    expect(jobIdFor('s1', 'lstm-r0.5-s0', config)).toMatch(/^s1\.lstm-r0\.5-s0\.[0-9a-f]{16}$/);
  });

  it('change with the config, the run name or the sweep', () => {
    const base = configHash('s1', 'a', config);
    expect(configHash('s1', 'a', { ...config, seed: 1 })).not.toBe(base);
    expect(configHash('s1', 'a', { ...config, train: { epochs: 3, lr: 1 } })).not.toBe(base);
    expect(configHash('s1', 'b', config)).not.toBe(base);
    expect(configHash('s2', 'a', config)).not.toBe(base);
  });

  it('need folder-safe names', () => {
    expect(() => checkName('run name', 'lstm-r0.5-s0')).not.toThrow();
    expect(() => checkName('run name', '../etc')).toThrow(/run name "..\/etc" must be letters, digits/);
    expect(() => checkName('sweep id', 'a:b')).toThrow(/sweep id "a:b"/);
    expect(() => checkName('sweep id', '')).toThrow(/sweep id ""/);
  });
});
