import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import type { AppName } from '@gomart/contracts';
import type { AppConfig } from './app-config';
import { APP_CONFIG, APP_NAME } from './config.tokens';

const NAMESPACE = 'gomart';

/**
 * The process's configuration, parsed once by the bootstrap (`loadConfig`) or handed in by a
 * test, and loaded into @nestjs/config as one typed namespace: `APP_CONFIG` is that object,
 * and `APP_NAME` says which app this is. Nothing reads `process.env` after the bootstrap.
 */
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, app: AppName): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      imports: [NestConfigModule.forRoot({ ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ [NAMESPACE]: config })] })],
      providers: [
        { provide: APP_CONFIG, inject: [ConfigService], useFactory: (service: ConfigService) => service.getOrThrow<AppConfig>(NAMESPACE) },
        { provide: APP_NAME, useValue: app },
      ],
      exports: [APP_CONFIG, APP_NAME],
    };
  }
}
