import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { loadConfig, type AppConfig } from './app-config';
import { APP_CONFIG } from './config.tokens';

const CONFIG_KEY = 'gomart';

/**
 * Validates the environment once, through @nestjs/config, and provides the typed result
 * under APP_CONFIG. Nothing else in the code base reads `process.env`.
 */
@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({
      ignoreEnvFile: true,
      cache: true,
      validate: (env) => ({ [CONFIG_KEY]: loadConfig(env as NodeJS.ProcessEnv) }),
    }),
  ],
  providers: [
    {
      provide: APP_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService): AppConfig => config.getOrThrow<AppConfig>(CONFIG_KEY),
    },
  ],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
