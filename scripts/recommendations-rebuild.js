#!/usr/bin/env node
// Rebuilds the recommender's counters from its recorded baskets: `npm run recommendations:rebuild`.
// Runs the compiled CLI of apps/catalog, building the project first if it was never built.
require('./run-built')('apps/catalog/src/recommendations-rebuild-cli.js');
