import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, registerAs, type ConfigType } from '@nestjs/config';
import { loadConfig, type AppConfig } from './app-config';
import { APP_CONFIG } from './config.tokens';

/** Evaluated when the application is created (not when this file is imported). */
const gomartConfig = registerAs('gomart', (): AppConfig => loadConfig(process.env));

/**
 * Validates the environment once, through @nestjs/config, and provides the typed result
 * under APP_CONFIG. Nothing else in the code base reads `process.env`.
 */
@Global()
@Module({
  imports: [NestConfigModule.forRoot({ ignoreEnvFile: true, cache: true, load: [gomartConfig] })],
  providers: [
    {
      provide: APP_CONFIG,
      inject: [gomartConfig.KEY],
      useFactory: (config: ConfigType<typeof gomartConfig>): AppConfig => config,
    },
  ],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
