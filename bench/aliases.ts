// The workspace's `@gomart/<lib>` imports, resolved in the harness's own build (.bench/build):
// lib files the harness compiles import each other by alias, as in the app, and plain `tsc`
// leaves aliases as they are. Imported first by main.ts.
import Module from 'node:module';
import { join } from 'node:path';

type Resolve = (request: string, ...rest: unknown[]) => string;
const modules = Module as unknown as { _resolveFilename: Resolve };
const resolve = modules._resolveFilename;
const libs = join(__dirname, '..', 'libs');

modules._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const alias = /^@gomart\/([^/]+)$/.exec(request);
  return resolve.call(this, alias ? join(libs, alias[1]!, 'src') : request, ...rest);
};
