import type { Provider, Type } from '@nestjs/common';
import type { AppConfig } from './app-config';
import { APP_CONFIG } from './config.tokens';

/**
 * Binds `token` to one of several adapters of a port, chosen by the configuration, in one
 * place: `adapterProviders(MAIL_TRANSPORT, (c) => c.mail.transport, { outbox: OutboxMail, ses: SesMail })`.
 * Every adapter is a provider (so Nest builds it with its dependencies and runs its lifecycle
 * hooks); adapters keep their constructors cheap and connect on first use.
 */
export function adapterProviders<K extends string>(
  token: symbol | string,
  choose: (config: AppConfig) => K,
  adapters: Readonly<Record<K, Type<unknown>>>,
): Provider[] {
  const names = Object.keys(adapters) as K[];
  const classes = names.map((name) => adapters[name]);
  return [
    ...classes,
    {
      provide: token,
      inject: [APP_CONFIG, ...classes],
      useFactory: (config: AppConfig, ...instances: unknown[]) => instances[names.indexOf(choose(config))],
    },
  ];
}
