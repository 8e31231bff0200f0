// `npm start`'s command as package.json has it, to run it without npm (a benchmark that adds node
// flags, a test that builds aside): the variables it sets before `node`, written
// `NAME=${NAME:-default}` so that the caller's own value wins, and node's arguments.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export function startScript(callerEnv: NodeJS.ProcessEnv = process.env): { env: Record<string, string>; args: string[] } {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = script.split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  while (words.length > 0 && words[0] !== 'node') {
    const match = /^(\w+)=\$\{(\w+):-([^}]*)\}$/.exec(words[0]);
    if (!match || match[1] !== match[2]) throw new Error(`npm start sets "${words[0]}": only NAME=\${NAME:-default} is understood here`);
    env[match[1]] = callerEnv[match[1]] || match[3];
    words.shift();
  }
  if (words.shift() !== 'node') throw new Error(`npm start does not run node: "${script}"`);
  return { env, args: words };
}
