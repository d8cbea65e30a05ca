/**
 * Progress lines for long runs, on stderr so stdout stays the summary. Prints at most about once a
 * second and only for runs big enough to notice.
 */
export function createProgressPrinter(
  write: (line: string) => void,
  minimumEvents = 200_000,
): (processed: number, total: number) => void {
  const started = performance.now();
  let lastPrinted = started;
  let lastProcessed = 0;
  return (processed, total) => {
    if (total < minimumEvents || processed === lastProcessed) return;
    const now = performance.now();
    if (processed < total && now - lastPrinted < 1_000) return;
    lastPrinted = now;
    lastProcessed = processed;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(processed / seconds) : 0;
    write(
      `progress: ${processed.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} bars (${Math.floor((processed / total) * 100)}%), ${rate.toLocaleString('en-US')} bars/s`,
    );
  };
}
