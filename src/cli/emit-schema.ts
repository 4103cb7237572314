/** `npm run schema:emit`: write schema/schema.graphql (sorted); a test fails when it is stale. */
import { writeFile } from 'node:fs/promises';
import { printHubSchema } from '../graphql/schema.js';

await writeFile(new URL('../../../schema/schema.graphql', import.meta.url), await printHubSchema());
process.stdout.write('schema/schema.graphql written\n');
