#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { contextString } from '../lib/config';
import { createGoMart } from '../lib/gomart-app';
import { enableNagChecks } from '../lib/nag';
import { readPipelineConfig } from '../lib/pipeline-config';
import { PipelineStack } from '../lib/pipeline-stack';

/** The repository root: the nearest directory above this file that holds package.json. */
function repositoryRoot(from: string): string {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${from}`);
    directory = parent;
  }
  return directory;
}

const root = repositoryRoot(__dirname);
const app = new App();
const image = { directory: root };
const storefrontDirectory = join(root, 'dist', 'storefront');

if (contextString(app.node, 'pipeline') === 'true') {
  // The delivery pipeline and, inside it, the dev and prod stages (-c pipeline=true).
  const pipeline = readPipelineConfig(app.node);
  new PipelineStack(app, `${pipeline.project}-pipeline`, {
    env: { account: pipeline.account, region: pipeline.region },
    description: 'Go Mart delivery pipeline: build, test, images, dev, smoke test, approval, prod',
    pipeline,
    image,
    storefrontDirectory,
  });
  enableNagChecks(app);
} else {
  // One environment straight from a workstation (-c env=dev|prod).
  createGoMart(app, { image, storefrontDirectory });
}
