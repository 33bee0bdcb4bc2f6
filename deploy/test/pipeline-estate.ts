import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { enableNagChecks } from '../lib/nag';
import { readPipelineConfig } from '../lib/pipeline-config';
import { PipelineStack } from '../lib/pipeline-stack';
import { storefrontFixture } from './estate';

const cdkJsonContext = (JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: object })
  .context;

/** Sample context of a pipeline deploying dev (no domain) and prod (with a domain). */
export const pipelineContext = {
  pipeline: 'true',
  account: '111122223333',
  connectionArn: 'arn:aws:codeconnections:ap-southeast-2:111122223333:connection/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
  repository: 'gomart/shop',
  mailFrom: 'orders@example.com',
  'prod:mailFrom': 'orders@shop.example.com',
  'prod:sesIdentity': 'shop.example.com',
  'prod:domain': 'shop.example.com',
  'prod:hostedZoneId': 'Z0000000000EXAMPLE',
  'prod:hostedZoneName': 'example.com',
  imageTag: '0123456789abcdef0123456789abcdef01234567',
} as const;

/** Builds the pipeline app as bin/gomart.ts does with -c pipeline=true (cdk-nag on). */
export function buildPipeline(context: Readonly<Record<string, string>> = {}): { app: App; stack: PipelineStack } {
  const app = new App({ context: { ...cdkJsonContext, ...pipelineContext, ...context } });
  const pipeline = readPipelineConfig(app.node);
  const stack = new PipelineStack(app, 'gomart-pipeline', {
    env: { account: pipeline.account, region: pipeline.region },
    pipeline,
    image: { directory: join(__dirname, 'fixtures', 'image') },
    storefrontDirectory: storefrontFixture,
  });
  enableNagChecks(app);
  return { app, stack };
}
