import { ConfigError, DEV_JWT_SECRET, loadConfig } from './config';

const required = { MONGO_URL: 'mongodb://db:27017/judix', REDIS_URL: 'redis://cache:6379' };

describe('loadConfig', () => {
  it('when only the required variables are set, then the documented defaults apply', () => {
    expect(loadConfig(required)).toEqual({
      ...required,
      NODE_ENV: 'development',
      PORT: 8080,
      METRICS_PORT: 9464,
      JWT_SECRET: [DEV_JWT_SECRET],
      ACCESS_TOKEN_TTL: 900_000,
      REFRESH_TOKEN_TTL: 604_800_000,
      CORS_ORIGINS: ['http://localhost:8080', 'http://127.0.0.1:8080'],
      COOKIE_SECURE: true,
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WINDOW: 60_000,
      TRUST_PROXY: false,
      LOG_LEVEL: 'info',
      REQUEST_TIMEOUT: 2_000,
      BREAKER_FAILURES: 5,
      BREAKER_HALF_OPEN_AFTER: 2_000,
      READINESS_GRACE: 30_000,
      IDEMPOTENCY_TTL: 86_400_000,
      CACHE_TTL: 30_000,
      SHUTDOWN_DELAY: 5_000,
      SHUTDOWN_TIMEOUT: 20_000,
    });
  });

  it('when values are given, then they are parsed', () => {
    const config = loadConfig({
      ...required,
      JWT_SECRET:
        ' new-key-that-is-at-least-32-bytes-long , old-key-that-is-at-least-32-bytes-long ',
      CORS_ORIGINS: 'https://judix.example,https://other.example',
      COOKIE_SECURE: 'false',
      TRUST_PROXY: '1',
      ACCESS_TOKEN_TTL: '30s',
      REFRESH_TOKEN_TTL: '30d',
      RATE_LIMIT_WINDOW: '500ms',
      HOST: '::1',
    });
    expect(config.JWT_SECRET).toEqual([
      'new-key-that-is-at-least-32-bytes-long',
      'old-key-that-is-at-least-32-bytes-long',
    ]);
    expect(config.CORS_ORIGINS).toEqual(['https://judix.example', 'https://other.example']);
    expect(config).toMatchObject({
      COOKIE_SECURE: false,
      TRUST_PROXY: true,
      ACCESS_TOKEN_TTL: 30_000,
      REFRESH_TOKEN_TTL: 2_592_000_000,
      RATE_LIMIT_WINDOW: 500,
      HOST: '::1',
    });
  });

  it.each([
    [{ MONGO_URL: undefined }, 'Invalid configuration: MONGO_URL is required'],
    [
      { REDIS_URL: 'http://cache' },
      'Invalid configuration: REDIS_URL must be a redis:// connection string',
    ],
    [{ PORT: '70000' }, 'Invalid configuration: PORT'],
    [
      { HOST: 'localhost:3000' },
      'Invalid configuration: HOST must be an IP address such as 127.0.0.1 or ::',
    ],
    [{ COOKIE_SECURE: 'yes' }, 'Invalid configuration: COOKIE_SECURE'],
    [
      { CORS_ORIGINS: 'javascript:alert(1)' },
      'Invalid configuration: CORS_ORIGINS must be a list of http(s) origins',
    ],
    [{ RATE_LIMIT_MAX: '0' }, 'Invalid configuration: RATE_LIMIT_MAX'],
    [{ LOG_LEVEL: 'verbose' }, 'Invalid configuration: LOG_LEVEL'],
    [
      { SHUTDOWN_DELAY: '-1s' },
      'Invalid configuration: SHUTDOWN_DELAY must be a duration such as 5s',
    ],
    [{ REQUEST_TIMEOUT: '50ms' }, 'Invalid configuration: REQUEST_TIMEOUT must be at least 100ms'],
    [{ BREAKER_FAILURES: '0' }, 'Invalid configuration: BREAKER_FAILURES'],
    [{ REQUEST_TIMEOUT: '1m' }, 'Invalid configuration: REQUEST_TIMEOUT must be at most 30s'],
    [
      { JWT_SECRET: 'a'.repeat(31) },
      'Invalid configuration: JWT_SECRET each key must be at least 32 bytes',
    ],
    [
      { NODE_ENV: 'production' },
      'Invalid configuration: JWT_SECRET the development secret is refused when NODE_ENV=production',
    ],
  ])('when given %p, then it fails with one line naming the variable', (override, message) => {
    const env = { ...required, ...override } as NodeJS.ProcessEnv;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('when a variable is set to the empty string, then it counts as unset', () => {
    expect(loadConfig({ ...required, PORT: '' }).PORT).toBe(8080);
  });
});
