import { Module, type DynamicModule, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfig, type AppConfig } from '@gomart/config';
import type { AppName } from '@gomart/contracts';
import { PlatformModule } from './platform.module';

/**
 * Runs a command-line tool (a backfill, a seeder) inside the app's modules, configured from
 * the environment as the app would be, without HTTP: DynamoDB and the given module, then
 * closed. Nest's own logs are kept to warnings so the tool's progress bar stays readable.
 */
export async function withToolContext<T>(
  app: AppName,
  rootModule: Type<unknown> | DynamicModule,
  run: (context: INestApplicationContext, config: AppConfig) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  @Module({})
  class Tool {}
  const context = await NestFactory.createApplicationContext(
    { module: Tool, imports: [ConfigModule.forRoot(config, app), PlatformModule.with({}), rootModule] },
    { logger: ['error', 'warn'], abortOnError: false },
  );
  try {
    return await run(context, config);
  } finally {
    await context.close();
  }
}
