// Generates the web app's view of the API from the api's OpenAPI document, so a server change
// that breaks the client is a type error: the document (from the api's route declarations), its
// TypeScript types (openapi-typescript) and the input limits the forms check before sending.
// Everything lands in src/lib/api/generated/, which is not committed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const out = 'src/lib/api/generated';
mkdirSync(out, { recursive: true });
execFileSync('tsx', ['../scripts/contract/document.ts', `${out}/openapi.json`], {
  stdio: 'inherit',
});
execFileSync('openapi-typescript', [`${out}/openapi.json`, '--output', `${out}/schema.d.ts`], {
  stdio: ['ignore', 'ignore', 'inherit'],
});

const { schemas } = JSON.parse(readFileSync(`${out}/openapi.json`, 'utf8')).components;
const task = schemas.CreateTaskRequest.properties;
const limits = {
  title: task.title.maxLength,
  description: task.description.maxLength,
  tags: task.tags.maxItems,
  tag: task.tags.items.maxLength,
  name: schemas.UpdateMeRequest.properties.name.maxLength,
  passwordMin: schemas.RegisterRequest.properties.password.minLength,
  passwordMax: schemas.RegisterRequest.properties.password.maxLength,
  bulkIds: schemas.BulkTasksRequest.properties.ids.maxItems,
  projectName: schemas.CreateProjectRequest.properties.name.maxLength,
};
for (const [name, value] of Object.entries(limits)) {
  if (!Number.isInteger(value)) throw new Error(`The document states no limit for ${name}`);
}
writeFileSync(`${out}/limits.json`, `${JSON.stringify(limits, null, 2)}\n`);
