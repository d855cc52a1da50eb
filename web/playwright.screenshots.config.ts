import { defineConfig } from '@playwright/test';
import browserTests from './playwright.config';

// `npm run screenshots` (screenshots/): the browser tests' browser, stack and locale, its own folder.
export default defineConfig({
  ...browserTests,
  testDir: 'screenshots',
  outputDir: 'test-results/screenshots',
});
