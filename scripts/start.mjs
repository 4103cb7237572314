// `npm start`: build what changed, then run the hub in this same process — so that the signal a
// supervisor or an IDE sends to npm reaches the process that stops every child.
import { build } from './build.mjs';

build();
await import('../dist/src/cli/start.js');
