#!/usr/bin/env node
// Recovery drill on the local embedded store: `npm run drill:restore -- --yes` (stop the app first).
// Runs the compiled CLI of apps/gomart, building the project first if it was never built.
require('./run-built')('apps/gomart/src/drill/drill-restore-cli.js');
