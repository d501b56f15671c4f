#!/usr/bin/env node
// Launcher for `npx eucluster`: runs the TypeScript entry point through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./eucluster.ts');
