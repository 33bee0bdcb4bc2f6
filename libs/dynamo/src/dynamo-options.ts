import { ConfigurableModuleBuilder } from '@nestjs/common';

/** Where the process's DynamoDB is and how tables are named; the `dynamo` section of the configuration. */
export interface DynamoOptions {
  readonly mode: 'embedded' | 'aws' | 'endpoint';
  readonly endpoint?: string;
  readonly region: string;
  readonly tablePrefix: string;
  readonly createTables: boolean;
  readonly timeoutMs: number;
  /** Embedded dynalite only: where its files live, or undefined to keep them in memory. */
  readonly embeddedPath?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableDynamoModule,
  MODULE_OPTIONS_TOKEN: DYNAMO_OPTIONS,
} = new ConfigurableModuleBuilder<DynamoOptions>().setClassMethodName('forRoot').build();
