#!/usr/bin/env node
// Generates N days of realistic orders for the dashboard: `npm run seed:history [-- --days 60]`.
// Runs the compiled CLI of apps/gomart, building the project first if it was never built.
require('./run-built')('apps/gomart/src/history/seed-history-cli.js');
