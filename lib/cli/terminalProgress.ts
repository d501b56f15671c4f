import { type Progress, silentProgress } from '../refresh/progress.ts';

/**
 * Progress bars on an interactive terminal; nothing at all in CI or when output is piped. The bar library is
 * loaded only for a terminal, so a piped or scheduled run does not pay for it.
 */
export async function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  if (!stream.isTTY || process.env.CI) return silentProgress;
  // A CommonJS module: its exports are the default export once bundled, whatever Node's loader offers.
  const { SingleBar } = (await import('cli-progress')).default;
  return {
    step(label, total) {
      const bar = new SingleBar({
        stream,
        format: `${label.padEnd(60).slice(0, 60)} [{bar}] {percentage}%`,
        hideCursor: true,
        clearOnComplete: true,
      });
      bar.start(Math.max(total, 1), 0);
      let done = 0;
      return {
        advance(n) {
          done += n;
          bar.update(Math.min(done, total));
        },
        done() {
          bar.stop();
        },
      };
    },
    info(message) {
      stream.write(`${message}\n`);
    },
  };
}
