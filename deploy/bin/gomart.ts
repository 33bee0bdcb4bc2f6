#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { createGoMart } from '../lib/gomart-app';

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
createGoMart(app, { image: { directory: root }, storefrontDirectory: join(root, 'dist', 'storefront') });
