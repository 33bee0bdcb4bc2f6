#!/usr/bin/env node
// Writes the OpenAPI document to dist/openapi.json: `npm run openapi [-- --out file]`.
// Runs the compiled CLI of apps/gomart, building the project first if it was never built.
require('./run-built')('apps/gomart/src/openapi-cli.js');
