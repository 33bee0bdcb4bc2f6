#!/usr/bin/env node
// Rebuilds the dashboard's daily counters from the order facts: `npm run analytics:backfill`.
// Runs the compiled CLI of apps/analytics-export, building the project first if it was never built.
require('./run-built')('apps/analytics-export/src/backfill-cli.js');
