#!/usr/bin/env node
// Archives decided orders, or restores one: `npm run archive [-- --restore ORDER_ID]`.
// Runs the compiled CLI of apps/gomart, building the project first if it was never built.
require('./run-built')('apps/gomart/src/archive/archive-cli.js');
