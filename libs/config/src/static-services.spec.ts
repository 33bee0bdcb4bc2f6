import { loadConfig } from './app-config';
import { parseStaticServices } from './static-services';

describe('static services', () => {
  it('parses each service with its instances, in order', () => {
    expect(parseStaticServices('catalog=10.0.0.5:4000,10.0.0.6:4001;orders=[::1]:4002')).toEqual({
      catalog: [
        { host: '10.0.0.5', port: 4000 },
        { host: '10.0.0.6', port: 4001 },
      ],
      orders: [{ host: '[::1]', port: 4002 }],
    });
  });

  it('refuses unknown services and impossible ports', () => {
    expect(() => parseStaticServices('catalgo=127.0.0.1:4001')).toThrow('unknown service "catalgo"');
    expect(() => parseStaticServices('catalog=127.0.0.1:70000')).toThrow('is not host:port');
  });

  it('defaults to every service on its local port, and reports a typo as a configuration problem', () => {
    const config = loadConfig({});
    expect(config.discovery).toEqual({
      mode: 'static',
      services: {
        catalog: [{ host: '127.0.0.1', port: 4001 }],
        orders: [{ host: '127.0.0.1', port: 4002 }],
        notifications: [{ host: '127.0.0.1', port: 4003 }],
        'analytics-export': [{ host: '127.0.0.1', port: 4004 }],
      },
    });
    expect(() => loadConfig({ STATIC_SERVICES: 'catalgo=127.0.0.1:4001' })).toThrow(/STATIC_SERVICES: unknown service "catalgo"/);
  });

  it('in strict mode, refuses a variable no code reads', () => {
    expect(() => loadConfig({ ARCHIVE_BUCKIT: 'gomart-archive' }, { strict: true })).toThrow(/ARCHIVE_BUCKIT/);
    expect(() => loadConfig({ ARCHIVE_BUCKIT: 'gomart-archive' })).not.toThrow();
  });
});
