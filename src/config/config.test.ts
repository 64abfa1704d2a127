import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('gives every variable its documented default when the environment is empty', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      BUSINESS_TIMEZONE: 'America/New_York',
      MIGRATE_ON_START: true,
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('points links at the port the portal listens on unless PUBLIC_BASE_URL is set', () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3711' }).PUBLIC_BASE_URL).toBe('http://localhost:3711');
    expect(
      loadConfig({
        PORT: '3711',
        PUBLIC_BASE_URL: 'https://privacy.example.com',
        SESSION_SECRET: 'x'.repeat(32),
      }).PUBLIC_BASE_URL,
    ).toBe('https://privacy.example.com');
  });

  it('names each bad variable on its own line with what is expected', () => {
    let problems: readonly string[] = [];
    try {
      loadConfig({
        PORT: 'abc',
        BUSINESS_TIMEZONE: 'Mars/Olympus',
        MIGRATE_ON_START: 'maybe',
        DATABASE_URL: 'mysql://x',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'PORT: expected a port number (1-65535)',
      'DATABASE_URL: expected a postgres:// or postgresql:// URL',
      'BUSINESS_TIMEZONE: expected an IANA time zone such as America/Los_Angeles',
      'MIGRATE_ON_START: expected true or false',
    ]);
  });

  it('treats empty strings as unset, as .env files write them', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('reads MIGRATE_ON_START=false as false', () => {
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
  });

  it('refuses the development session secret when the portal is not local', () => {
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://privacy.example.com' })).toThrow(
      /SESSION_SECRET: set a random value/,
    );
    const secret = 'a'.repeat(40);
    expect(
      loadConfig({ PUBLIC_BASE_URL: 'https://privacy.example.com', SESSION_SECRET: secret }).SESSION_SECRET,
    ).toBe(secret);
  });
});
