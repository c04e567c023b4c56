import { announce } from './announce';
import { startSandbox } from './index';
import { parseSandboxArgs, usage, UsageError } from './options';
import { stopOnSignals } from './stop-on-signals';

/** `npm run sandbox`: the emulator, token server and demo store on 127.0.0.1 until Ctrl-C. */
async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseSandboxArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  if (parsed.help) {
    console.log(usage('npm run sandbox --'));
    return;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (error) {
    console.error(`Sandbox not started: ${(error as Error).message}`);
    process.exit(1);
  }
  stopOnSignals(() => sandbox.close());
  console.log(announce(sandbox));
}

void main();
