#!/usr/bin/env node
/*
 * Writes schema/catalog-info.schema.json from the spec.access definition in src/spec/schema.ts.
 * Run it after changing that definition: npm run generate:schema -w @accessgov/plugin-access-governance-common
 */
const fs = require('node:fs');
const path = require('node:path');

// Loads the TypeScript sources the same way `backstage-cli package start` does.
require('@backstage/cli/config/nodeTransform.cjs');

const { renderCatalogInfoJsonSchema } = require('../src/spec/jsonSchema');

const target = path.resolve(__dirname, '../schema/catalog-info.schema.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, renderCatalogInfoJsonSchema());
process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
