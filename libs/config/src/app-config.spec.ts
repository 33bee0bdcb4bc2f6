import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('runs on a fresh machine with nothing set: embedded DynamoDB on disk, no Redis, local auth', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ port: 3000, host: '0.0.0.0' });
    expect(config.dynamo).toMatchObject({ mode: 'embedded', createTables: true, tablePrefix: 'gomart-' });
    expect(config.dynamo.embeddedPath).toMatch(/\.data[\\/]dynamodb$/);
    expect(config.cache.redisUrl).toBeUndefined();
    expect(config.auth).toMatchObject({ mode: 'local' });
    expect(config.seed).toEqual({ demoCatalog: true, productCount: 2000 });
  });

  it('parses numbers, booleans and endpoints, and treats empty values as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_IN_MEMORY: 'yes',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:5000',
      REDIS_URL: 'redis://cache:6379',
      LOG_LEVEL: '',
    });
    expect(config.http.port).toBe(8080);
    expect(config.dynamo).toMatchObject({ mode: 'endpoint', endpoint: 'http://127.0.0.1:5000', embeddedPath: undefined });
    expect(config.cache.redisUrl).toBe('redis://cache:6379');
    expect(config.log.level).toBe('info');
  });

  it('logs every request in development and notable ones elsewhere, unless told', () => {
    expect(loadConfig({}).log.requests).toBe('all');
    expect(loadConfig({ NODE_ENV: 'production' }).log.requests).toBe('notable');
    expect(loadConfig({ NODE_ENV: 'production', LOG_REQUESTS: 'all' }).log.requests).toBe('all');
  });

  it('serves the API docs in development and test, not in production unless asked', () => {
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).apiDocs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', API_DOCS: 'on' }).apiDocs).toBe(true);
    expect(loadConfig({ API_DOCS: 'off' }).apiDocs).toBe(false);
  });

  it('names every bad variable in one error', () => {
    const attempt = () => loadConfig({ PORT: '70000', DATA_IN_MEMORY: 'maybe', DYNAMODB_ENDPOINT: 'dynamo', AUTH_MODE: 'cognito' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PORT', 'DATA_IN_MEMORY', 'DYNAMODB_ENDPOINT', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID']) {
      expect(message).toContain(name);
    }
  });
});
