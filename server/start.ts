// `npm start`: the browser client built when its sources changed, then the server, in one Node
// process (one start-up of Node and of the TypeScript loader instead of two: seconds after a crash).
import { buildClientIfChanged } from './build/build-client';

const outDir = process.env.CLIENT_DIR || 'dist/client';
const started = Date.now();
if (await buildClientIfChanged(outDir)) console.log(`client built into ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await import('./main');
