/**
 * Stops a long-running command on the first SIGINT or SIGTERM, then exits. Later signals are expected:
 * on Ctrl-C the terminal signals every process of the group and npm forwards its own copy, so a
 * second SIGINT arrives while stopping. Stopping that hangs is cut short after `deadlineMs`.
 */
export function stopOnSignals(stop: () => Promise<void>, deadlineMs = 4000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    setTimeout(() => {
      console.error(`Still stopping after ${deadlineMs / 1000} s; exiting anyway.`);
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`While stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
