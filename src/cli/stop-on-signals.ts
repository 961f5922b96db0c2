/**
 * A long-running command stops cleanly on the first SIGINT or SIGTERM (exit 0 once stopped);
 * a second signal while stopping gives up at once (exit 1).
 */
export function stopOnSignals(stop: () => Promise<void>, label: string): void {
  let stopping = false;
  const onSignal = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${label}: error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
